using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// Who the container runs as, on the real operator and a kubelet that verifies runAsNonRoot against what each image
/// really runs as: inside gVisor (whose nodes the fixture runs) root images run unmodified as their own user; outside a
/// sandbox the numeric default user runs and root is refused; a namespace whose Pod Security level is stricter than
/// the sandbox's baseline refuses the pod, and the ManagedContainer says so.
/// </summary>
[ClusterTest]
public sealed class RunAsSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = cluster.Client();

    [Fact]
    public async Task Nginx_on_port_80_in_gvisor_becomes_ready_as_the_image_user()
    {
        var ns = await cluster.NamespaceAsync("nginx");

        await cluster.ApplyAsync(ns, "nginx", "  image: nginx:1.27\n  port: 80\n  sandbox: gvisor\n  healthCheck:\n    path: /\n");

        await cluster.WaitReadyAsync(ns, "nginx");
        var pod = (await PodsAsync(ns)).ShouldHaveSingleItem();
        pod.Spec.RuntimeClassName.ShouldBe("kubecontainers-gvisor");
        pod.Spec.SecurityContext.RunAsUser.ShouldBeNull("the image's own user (root) runs inside the sandbox");
        pod.Spec.SecurityContext.RunAsNonRoot.ShouldBeNull();
        pod.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation.ShouldBe(false);
        pod.Spec.Containers[0].SecurityContext.Capabilities.Add.ShouldBeNull();
        pod.Spec.AutomountServiceAccountToken.ShouldBe(false);
    }

    [Fact]
    public async Task Postgres_with_a_volume_in_gvisor_becomes_ready_as_the_image_user()
    {
        var ns = await cluster.NamespaceAsync("postgres");

        // No port: a worker, so no health check (postgres serves no HTTP).
        await cluster.ApplyAsync(ns, "db",
            "  image: postgres:16\n  sandbox: gvisor\n  env:\n    POSTGRES_PASSWORD: example\n" +
            "  volumes:\n  - name: data\n    mountPath: /var/lib/postgresql/data\n    size: 1Gi\n");

        await cluster.WaitReadyAsync(ns, "db");
        var pod = (await PodsAsync(ns)).ShouldHaveSingleItem();
        pod.Spec.SecurityContext.RunAsUser.ShouldBeNull();
        pod.Spec.SecurityContext.FsGroup.ShouldBeNull();
        pod.Status.ContainerStatuses.ShouldAllBe(s => s.Ready);
    }

    [Fact]
    public async Task Podinfo_without_a_sandbox_becomes_ready_as_the_numeric_default_user()
    {
        var ns = await cluster.NamespaceAsync("podinfo");

        await cluster.ApplyAsync(ns, "podinfo", "  image: ghcr.io/stefanprodan/podinfo:6.7.1\n  port: 9898\n  sandbox: none\n  healthCheck:\n    path: /healthz\n");

        await cluster.WaitReadyAsync(ns, "podinfo");
        var pod = (await PodsAsync(ns)).ShouldHaveSingleItem();
        pod.Spec.RuntimeClassName.ShouldBeNull();
        pod.Spec.SecurityContext.RunAsNonRoot.ShouldBe(true);
        pod.Spec.SecurityContext.RunAsUser.ShouldBe(65532, "podinfo's own user is a name, which the kubelet cannot verify");
    }

    [Fact]
    public async Task Root_without_a_sandbox_is_refused_naming_the_field()
    {
        var ns = await cluster.NamespaceAsync("root");

        await cluster.ApplyAsync(ns, "root", "  image: busybox:1.36\n  command: [sleep, \"3600\"]\n  sandbox: none\n  securityContext:\n    runAsUser: 0\n");

        var mc = await Eventually.Returns(() => client.GetAsync(ns, "root"),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Reason: ConditionReasons.InvalidSpec },
            "root InvalidSpec", Converge);
        mc!.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain("spec.securityContext.runAsUser: Invalid value: 0: must not be 0 (root) outside a sandbox");
        (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_restricted_namespace_refuses_a_root_container_in_gvisor_and_the_reason_names_the_level()
    {
        var ns = await cluster.NamespaceAsync("restricted");
        (await cluster.Kubectl.RunAsync($"label namespace {ns} pod-security.kubernetes.io/enforce=restricted")).ShouldSucceed();

        await cluster.ApplyAsync(ns, "rooted", "  image: busybox:1.36\n  command: [sleep, \"3600\"]\n  sandbox: gvisor\n");

        var mc = await Eventually.Returns(() => client.GetAsync(ns, "rooted"),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Status: "False", Reason: ConditionReasons.PodSecurityViolation },
            "rooted PodSecurityViolation", Converge);
        var message = mc!.Status.GetCondition(ConditionTypes.Ready)!.Message;
        message.ShouldContain("Pod Security level \"restricted:latest\"", Case.Sensitive, message);
        message.ShouldContain("runAsNonRoot != true", Case.Sensitive, message);
        message.ShouldContain("here only a profile that keeps a non-root user runs (spec.sandbox: none", Case.Sensitive, message);
        (await PodsAsync(ns)).ShouldBeEmpty();
    }

    private async Task<IList<V1Pod>> PodsAsync(string ns) =>
        (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items;
}
