using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The README's own samples (config/samples: podinfo, whose image says <c>USER app</c>; busybox, which runs as root;
/// nginx-unprivileged as uid 101) on a kubelet that verifies runAsNonRoot as the real one does. They all run in
/// gVisor (the operator's default, or named), which lets the image's own user run: no runAsNonRoot for the
/// kubelet to refuse, no default user. Outside a sandbox the operator's numeric default
/// user is what makes them start (PodTemplateResourceTests).
/// </summary>
[ClusterTest]
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
            pod.Spec.RuntimeClassName.ShouldBe("kubecontainers-gvisor");
            pod.Spec.SecurityContext.RunAsNonRoot.ShouldBeNull();
            pod.Spec.SecurityContext.RunAsUser.ShouldBeNull("inside gVisor the image's own user runs: a name (podinfo), root (busybox) or 101");
            pod.Status.ContainerStatuses.ShouldAllBe(s => s.Ready);
        }
    }
}
