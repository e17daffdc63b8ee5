using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>A host belongs to its first claimant (oldest creationTimestamp) whatever the order of creation, update,
/// deletion and operator restart.</summary>
[ClusterTest]
public sealed class HostClaimSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_first_claimant_keeps_a_host_through_updates_restarts_and_deletion()
    {
        var first = await cluster.NamespaceAsync("first");
        var second = await cluster.NamespaceAsync("second");
        await ApplyAsync(first, "shop", "shop.apps.example.test");
        await WaitAsync(first, "shop", m => m.Status.IsReady(), "Ready");
        await ApplyAsync(second, "shop", "other.apps.example.test");
        await WaitAsync(second, "shop", m => m.Status.IsReady(), "Ready on its own host");

        // The younger one moves onto the older one's host: it loses, its Ingress goes.
        await ApplyAsync(second, "shop", "shop.apps.example.test");
        var loser = await WaitAsync(second, "shop", m => m.Status.GetCondition(ConditionTypes.IngressReady)?.Reason == ConditionReasons.HostConflict, "HostConflict");
        loser.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldNotContain(first, Case.Insensitive, "never name the other tenant");
        loser.Status.Url.ShouldBeNull();
        await Eventually.True(async () => (await client.NetworkingV1.ListNamespacedIngressAsync(second, cancellationToken: Ct)).Items.Count == 0,
            "the loser's Ingress removed", Converge);

        // A restart changes nothing.
        await cluster.RestartOperatorAsync();
        await WaitAsync(first, "shop", m => m.Status.IsReady(), "the winner still Ready after a restart");
        (await client.GetAsync(second, "shop"))!.Status.GetCondition(ConditionTypes.IngressReady)!.Reason.ShouldBe(ConditionReasons.HostConflict);

        // The winner lets go: the next claimant gets the host without touching its own spec.
        (await cluster.Kubectl.RunAsync($"delete mc shop -n {first}")).ShouldSucceed();
        var now = await WaitAsync(second, "shop", m => m.Status.IsReady(), "the next claimant Ready");
        now.Status.Url.ShouldBe("http://shop.apps.example.test");
        (await client.NetworkingV1.ReadNamespacedIngressAsync("shop", second, cancellationToken: Ct)).Spec.Rules[0].Host.ShouldBe("shop.apps.example.test");
    }

    [Fact]
    public async Task An_older_container_that_moves_onto_a_taken_host_takes_it_over()
    {
        var older = await cluster.NamespaceAsync("older");
        var younger = await cluster.NamespaceAsync("younger");
        await ApplyAsync(older, "api", "api-old.apps.example.test");
        await WaitAsync(older, "api", m => m.Status.IsReady(), "Ready");
        await ApplyAsync(younger, "api", "api.apps.example.test");
        await WaitAsync(younger, "api", m => m.Status.IsReady(), "Ready");

        await ApplyAsync(older, "api", "api.apps.example.test");

        await WaitAsync(younger, "api", m => m.Status.GetCondition(ConditionTypes.IngressReady)?.Reason == ConditionReasons.HostConflict, "the younger loses");
        var winner = await WaitAsync(older, "api", m => m.Status.IsReady() && m.Status.Url == "http://api.apps.example.test", "the older takes it");
        winner.Status.ObservedGeneration.ShouldBe(winner.Metadata.Generation);
    }

    private async Task ApplyAsync(string ns, string name, string host) =>
        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -",
            KubeContainers.WholeSystem.ManagedContainers.Manifest(name, $"  image: example.com/app:1\n  port: 8080\n  networking:\n    host: {host}\n"))).ShouldSucceed();

    private async Task<V1Alpha1ManagedContainer> WaitAsync(string ns, string name, Func<V1Alpha1ManagedContainer, bool> done, string what) =>
        (await Eventually.Returns(() => client.GetAsync(ns, name), m => m is not null && done(m), $"{ns}/{name} {what}", Converge))!;
}
