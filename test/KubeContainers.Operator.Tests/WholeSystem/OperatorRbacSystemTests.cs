using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;
using KubeContainers.Testing;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The operator runs as its ServiceAccount, bound to exactly what the chart renders, on a cluster that enforces RBAC as
/// kube-apiserver does. The chart's rules are therefore checked against what the operator really calls: a whole
/// lifecycle is never refused, and what the chart does not grant is.
/// </summary>
[ClusterTest]
public sealed class OperatorRbacSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    private Kubectl AsOperator => new(cluster.Identity.Kubeconfig);

    [Fact]
    public async Task A_whole_lifecycle_is_never_refused_by_the_charts_rbac()
    {
        var ns = await cluster.NamespaceAsync("rbac");
        const string spec = "  image: example.com/app:1\n  port: 8080\n  volumes:\n    - {name: data, mountPath: /data, size: 1Gi}\n";
        await ApplyAsync(ns, spec);
        await WaitAsync(ns, m => m.Status.IsReady(), "Ready");

        await ApplyAsync(ns, spec.Replace("app:1", "app:2", StringComparison.Ordinal));
        await WaitAsync(ns, m => m.Status.IsReady() && m.Status.ObservedGeneration == m.Metadata.Generation, "Ready at generation 2");
        await ApplyAsync(ns, spec.Replace("app:1", "app:2", StringComparison.Ordinal) + "  stopped: true\n");
        await WaitAsync(ns, m => m.Status.Phase == ManagedContainerPhases.Stopped, "Stopped");
        (await cluster.Kubectl.RunAsync($"delete mc app -n {ns} --wait=true --timeout=60s")).ShouldSucceed();
        await Eventually.True(async () => (await client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count == 0, "the Deployment collected", Converge);

        // Every refusal the cluster answered to the operator process (not to kubectl run with its token by the other
        // test): none, for status writes, children, Events, claims and the RuntimeClass of its sandbox alike.
        cluster.Cluster.Auth.Denials
            .Where(d => d.User == OperatorIdentity.UserName && !d.UserAgent.StartsWith("kubectl", StringComparison.Ordinal))
            .Select(d => $"{d.UserAgent}: {d.Message}").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_operator_is_refused_what_the_chart_does_not_grant()
    {
        var secrets = await AsOperator.RunAsync("get secrets -A");
        secrets.ExitCode.ShouldNotBe(0);
        secrets.Stderr.ShouldContain($"secrets is forbidden: User \"{OperatorIdentity.UserName}\" cannot list resource \"secrets\" in API group \"\" at the cluster scope");

        var ns = await cluster.NamespaceAsync("rbac-deny");
        // ConfigMaps are granted (the owned one of spec.files); Secrets, which spec.files and envFrom only reference, never.
        var secret = await AsOperator.RunAsync($"create secret generic x -n {ns} --from-literal=a=b");
        secret.ExitCode.ShouldNotBe(0);
        secret.Stderr.ShouldContain($"cannot create resource \"secrets\" in API group \"\" in the namespace \"{ns}\"");
        (await cluster.Kubectl.RunAsync($"auth can-i get secrets -n {ns} --as {OperatorIdentity.UserName}")).Stdout.Trim().ShouldBe("no");
        (await cluster.Kubectl.RunAsync($"auth can-i create configmaps -n {ns} --as {OperatorIdentity.UserName}")).Stdout.Trim().ShouldBe("yes");

        (await cluster.Kubectl.RunAsync($"auth can-i patch managedcontainers.kubecontainers.io --subresource=status -A --as {OperatorIdentity.UserName}")).Stdout.Trim().ShouldBe("yes");
        (await cluster.Kubectl.RunAsync($"auth can-i update managedcontainers.kubecontainers.io -A --as {OperatorIdentity.UserName}")).Stdout.Trim().ShouldBe("no");
    }

    private async Task ApplyAsync(string ns, string spec) =>
        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("app", spec))).ShouldSucceed();

    private async Task WaitAsync(string ns, Func<V1Alpha1ManagedContainer, bool> condition, string what) =>
        await Eventually.Returns(() => client.GetAsync(ns, "app"), m => m is not null && condition(m), what, Converge);
}
