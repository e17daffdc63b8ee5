using k8s;
using KubeContainers.Api;
using KubeContainers.LocalCluster.Tests.Support;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The README's own samples (config/samples: podinfo, whose image says <c>USER app</c>; busybox, which runs as root;
/// nginx-unprivileged as uid 101) on a kubelet that verifies runAsNonRoot as the real one does. Before the operator
/// gave restricted pods a numeric default user, the first two never started: the kubelet cannot verify a named user
/// and refuses a root one.
/// </summary>
public sealed class SampleSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = cluster.Client();

    [Fact]
    public async Task The_readme_samples_become_ready_on_a_kubelet_that_verifies_run_as_non_root()
    {
        var ns = await cluster.NamespaceAsync("samples");

        (await cluster.Kubectl.RunAsync($"apply -k {RepoPaths.File("config/samples")} -n {ns}")).ShouldSucceed();

        foreach (var name in (string[])["web", "worker", "sandboxed"])
        {
            await Eventually.Returns(() => client.GetAsync(ns, name), m => m?.Status.IsReady() == true, $"{name} Ready ({ns})", Converge);
        }

        var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items;
        pods.Count.ShouldBe(4, "web has 2 replicas, worker and sandboxed 1 each");
        foreach (var pod in pods)
        {
            pod.Spec.SecurityContext.RunAsNonRoot.ShouldBe(true);
            pod.Spec.SecurityContext.RunAsUser.ShouldBe(65532, "the operator's default user: the image's own is a name (podinfo) or root (busybox)");
            pod.Status.ContainerStatuses.ShouldAllBe(s => s.Ready);
        }
    }
}
