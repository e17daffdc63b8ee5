using k8s;
using KubeContainers.Api;
using KubeContainers.LocalCluster.Faults;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The operator under what real clusters do (issue 17): a sandbox handler no node has while nodes report nothing, a
/// child write refused by a webhook or a quota, a claim whose class cannot grow, an IngressClass nobody installed.
/// Each reaches the status with its real cause.
/// </summary>
[ClusterTest]
public sealed class ParitySystemTests(ParityCluster cluster) : IClassFixture<ParityCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("persistent", "  image: example.com/app:1\n")]
    [InlineData("oneShot", "  image: example.com/app:1\n  mode: oneShot\n  command: [\"/bin/run\"]\n")]
    public async Task A_sandbox_handler_no_node_runs_is_SandboxUnavailable_within_30_seconds(string mode, string spec)
    {
        var ns = await cluster.NamespaceAsync($"sandbox-{mode.ToLowerInvariant()}");
        await cluster.ApplyAsync(ns, "app", spec);

        // The nodes report no handlers: only the kubelet's FailedCreatePodSandBox can tell.
        var mc = await WaitAsync(ns, "app", m => m.Status.GetCondition(ConditionTypes.Ready)?.Reason == ConditionReasons.SandboxUnavailable,
            "SandboxUnavailable", TimeSpan.FromSeconds(30));

        var message = mc.Status.GetCondition(ConditionTypes.Ready)!.Message;
        message.ShouldContain("\"runsc\"");
        message.ShouldContain("--default-sandbox");
        mc.Status.Checks!.SandboxAvailable.ShouldBeFalse();
    }

    [Fact]
    public async Task A_child_write_refused_by_a_webhook_or_a_quota_shows_its_cause_and_recovers_when_lifted()
    {
        var ns = await cluster.NamespaceAsync("refused");
        cluster.Cluster.Faults.RefuseWrites(new WriteRefusal("Service", "services must carry a cost-center label", ns, Webhook: "policy.example.com"));
        cluster.Cluster.Faults.RefuseWrites(new WriteRefusal("PersistentVolumeClaim",
            "exceeded quota: storage, requested: requests.storage=1Gi, used: requests.storage=10Gi, limited: requests.storage=10Gi", ns, Webhook: null));
        try
        {
            await cluster.ApplyAsync(ns, "shop",
                "  image: example.com/app:1\n  sandbox: none\n  port: 8080\n  networking:\n    ingress: private\n" +
                "  volumes:\n    - name: data\n      mountPath: /data\n      size: 1Gi\n");

            var refused = await WaitAsync(ns, "shop", m =>
                m.Status.GetCondition(ConditionTypes.ServiceReady)?.Reason == ConditionReasons.AdmissionRefused &&
                m.Status.GetCondition(ConditionTypes.VolumesBound)?.Reason == ConditionReasons.QuotaExceeded, "both refusals in the status", Converge);
            refused.Status.GetCondition(ConditionTypes.ServiceReady)!.Message
                .ShouldContain("admission webhook \"policy.example.com\" denied the request: services must carry a cost-center label");
            refused.Status.GetCondition(ConditionTypes.VolumesBound)!.Message.ShouldContain("exceeds ResourceQuota storage: requests.storage requested 1Gi");
            refused.Status.GetCondition(ConditionTypes.Ready)!.Status.ShouldBe(ConditionStatuses.False);
            // What was not refused went ahead.
            (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items.ShouldHaveSingleItem();
            // Events go out in the background, after the status.
            await Eventually.True(async () => (await client.CoreV1.ListNamespacedEventAsync(
                    ns, fieldSelector: $"involvedObject.name=shop,type=Warning,reason={ConditionReasons.AdmissionRefused}", cancellationToken: Ct)).Items.Count > 0,
                "a Warning Event AdmissionRefused on the ManagedContainer", Converge);
        }
        finally
        {
            cluster.Cluster.Faults.ClearRefusals();
        }

        var recovered = await WaitAsync(ns, "shop", m =>
            m.Status.GetCondition(ConditionTypes.ServiceReady)?.Status == ConditionStatuses.True &&
            m.Status.GetCondition(ConditionTypes.VolumesBound)?.Reason is not ConditionReasons.QuotaExceeded, "the refusals lifted", Converge);
        recovered.Status.InternalUrl.ShouldNotBeNull();
        (await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: Ct)).Items.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_claim_whose_class_cannot_expand_is_kept_and_every_other_change_goes_ahead()
    {
        var ns = await cluster.NamespaceAsync("grow");
        (await cluster.Kubectl.RunAsync("apply -f -",
            "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fixed-size\nprovisioner: rancher.io/local-path\n" +
            "volumeBindingMode: Immediate\n")).ShouldSucceed();
        const string Volume = "  volumes:\n    - name: data\n      mountPath: /data\n      storageClassName: fixed-size\n      size: ";
        await cluster.ApplyAsync(ns, "db", $"  image: example.com/db:1\n  sandbox: none\n{Volume}1Gi\n");
        await WaitAsync(ns, "db", m => m.Status.GetCondition(ConditionTypes.VolumesBound)?.Status == ConditionStatuses.True, "the claim bound", Converge);

        await cluster.ApplyAsync(ns, "db", $"  image: example.com/db:2\n  sandbox: none\n{Volume}2Gi\n");

        var mc = await WaitAsync(ns, "db", m => m.Status.GetCondition(ConditionTypes.VolumesBound)?.Message.Contains("allowVolumeExpansion", StringComparison.Ordinal) == true,
            "VolumesBound saying why the claim keeps its size", Converge);
        mc.Status.GetCondition(ConditionTypes.VolumesBound)!.Message.ShouldContain("stays at 1Gi (spec asks 2Gi)");
        await Eventually.True(async () =>
            (await client.AppsV1.ReadNamespacedDeploymentAsync("db", ns, cancellationToken: Ct)).Spec.Template.Spec.Containers[0].Image == "example.com/db:2",
            "the new image rolled out despite the claim", Converge);
        var claim = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("db-data", ns, cancellationToken: Ct);
        claim.Spec.Resources.Requests["storage"].ToString().ShouldBe("1Gi");
        await Eventually.True(async () => (await client.CoreV1.ListNamespacedEventAsync(
                ns, fieldSelector: "involvedObject.name=db,reason=VolumeNotExpanded", cancellationToken: Ct)).Items.Count > 0,
            "a Warning Event VolumeNotExpanded on the ManagedContainer", Converge);
    }

    [Fact]
    public async Task A_missing_IngressClass_is_IngressClassNotFound_naming_it()
    {
        var ns = await cluster.NamespaceAsync("noclass");
        await cluster.ApplyAsync(ns, "web", "  image: example.com/app:1\n  sandbox: none\n  port: 8080\n");

        var mc = await WaitAsync(ns, "web", m => m.Status.GetCondition(ConditionTypes.IngressReady)?.Reason == ConditionReasons.IngressClassNotFound,
            "IngressClassNotFound", Converge);

        mc.Status.GetCondition(ConditionTypes.IngressReady)!.Message.ShouldContain("IngressClass nginx does not exist");
        mc.Status.GetCondition(ConditionTypes.Ready)!.Status.ShouldBe(ConditionStatuses.False);
    }

    private async Task<V1Alpha1ManagedContainer> WaitAsync(string ns, string name, Func<V1Alpha1ManagedContainer, bool> done, string what, TimeSpan within) =>
        (await Eventually.Returns(() => client.GetAsync(ns, name), m => m?.Status is not null && done(m), $"{ns}/{name} {what}", within))!;
}
