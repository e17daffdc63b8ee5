using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The health check kinds on the local kubelet, which answers probes from what each image serves (its catalogue):
/// redis listens on 6379 but speaks no HTTP, so only the default TCP check lets it become Ready; nginx-unprivileged
/// serves / on 8080 but no /health, so an http check passes on / and fails elsewhere with the prober's message.
/// Pods without a spec user run as the operator's default 65532, which these images accept.
/// </summary>
[ClusterTest]
public sealed class HealthCheckSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redis_with_the_default_tcp_check_becomes_ready_in_the_gvisor_sandbox()
    {
        var ns = await cluster.NamespaceAsync("hc-tcp");
        await cluster.ApplyAsync(ns, "cache", "  image: redis:7\n  port: 6379\n  sandbox: gvisor\n  networking:\n    ingress: private\n");

        await cluster.WaitReadyAsync(ns, "cache");

        var app = await AppContainerAsync(ns, "cache");
        app.ReadinessProbe.TcpSocket.Port.Value.ShouldBe("6379");
        app.ReadinessProbe.HttpGet.ShouldBeNull();
        (await client.AppsV1.ReadNamespacedDeploymentAsync("cache", ns, cancellationToken: Ct)).Spec.Template.Spec.RuntimeClassName
            .ShouldBe("kubecontainers-gvisor");
    }

    [Fact]
    public async Task Nginx_unprivileged_with_an_http_check_on_its_root_becomes_ready()
    {
        var ns = await cluster.NamespaceAsync("hc-http");
        await cluster.ApplyAsync(ns, "web", "  image: nginxinc/nginx-unprivileged\n  port: 8080\n  healthCheck:\n    path: /\n");

        await cluster.WaitReadyAsync(ns, "web");

        var app = await AppContainerAsync(ns, "web");
        app.ReadinessProbe.HttpGet.Path.ShouldBe("/");
        app.LivenessProbe.HttpGet.Port.Value.ShouldBe("8080");
    }

    /// <summary>The same check fails readiness and liveness, so the kubelet restarts the container (exit 137) and the
    /// operator reports it crash-looping with the prober's message from the pod's Unhealthy Events.</summary>
    [Fact]
    public async Task An_http_check_on_a_path_the_image_does_not_serve_stays_not_ready_with_the_probe_message()
    {
        var ns = await cluster.NamespaceAsync("hc-404");
        await cluster.ApplyAsync(ns, "web", "  image: nginxinc/nginx-unprivileged\n  port: 8080\n  healthCheck:\n    path: /health\n    periodSeconds: 1\n    failureThreshold: 1\n");

        var unhealthy = await Eventually.Returns(
            async () => (await client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items
                .FirstOrDefault(e => e.Reason == "Unhealthy" && e.Type == "Warning"),
            e => e is not null,
            $"{ns}: an Unhealthy Event",
            Converge);
        unhealthy!.Message.ShouldEndWith("probe failed: HTTP probe failed with statuscode: 404");

        var mc = await Eventually.Returns(
            () => client.GetAsync(ns, "web"),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatuses.False, Reason: ConditionReasons.CrashLooping or ConditionReasons.HealthCheckFailing },
            $"{ns}/web Ready=False for its failing check",
            Converge);
        mc!.Status.Checks!.HealthCheckPassing.ShouldBeFalse(KubeContainers.WholeSystem.ManagedContainers.Describe(mc));
        await Eventually.Returns(
            () => client.GetAsync(ns, "web"),
            m => m?.Status.GetCondition(ConditionTypes.Ready)?.Message?.Contains("probe failed: HTTP probe failed with statuscode: 404", StringComparison.Ordinal) == true,
            $"{ns}/web Ready's message carrying the prober's 404",
            Converge);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct)).Status.ReadyReplicas.GetValueOrDefault().ShouldBe(0);
    }

    [Fact]
    public async Task Etcd_with_a_grpc_check_becomes_ready_and_a_grpc_check_of_nginx_does_not()
    {
        var ns = await cluster.NamespaceAsync("hc-grpc");
        await cluster.ApplyAsync(ns, "etcd",
            "  image: registry.k8s.io/etcd:3.5.15-0\n  command: [etcd, --listen-client-urls=http://0.0.0.0:2379, --advertise-client-urls=http://127.0.0.1:2379]\n" +
            "  port: 2379\n  sandbox: gvisor\n  networking:\n    ingress: private\n  healthCheck:\n    type: grpc\n");
        await cluster.ApplyAsync(ns, "web", "  image: nginx:1.27\n  port: 80\n  sandbox: gvisor\n  healthCheck:\n    type: grpc\n    periodSeconds: 1\n    failureThreshold: 1\n");

        // Ready and the check together: the Deployment's availability and the pods' readiness come from two caches,
        // which may stand a moment apart under load.
        await Eventually.Returns(() => client.GetAsync(ns, "etcd"), m => m?.Status.IsReady() == true && m.Status.Checks?.HealthCheckPassing == true,
            $"{ns}/etcd Ready with its gRPC check passing", Converge);
        await Eventually.Returns(
            () => client.GetAsync(ns, "web"),
            m => m?.Status.GetCondition(ConditionTypes.Ready)?.Message?.Contains("probe failed: timeout: failed to connect service", StringComparison.Ordinal) == true,
            $"{ns}/web Ready's message carrying grpc-go's timeout (nginx speaks no HTTP/2)",
            Converge);
    }

    [Fact]
    public async Task An_exec_check_of_a_program_the_image_lacks_stays_not_ready_with_the_runtime_error()
    {
        var ns = await cluster.NamespaceAsync("hc-exec");
        await cluster.ApplyAsync(ns, "app",
            "  image: gcr.io/distroless/static:nonroot\n  sandbox: none\n  healthCheck:\n    type: exec\n    command: [sh, -c, \"test -f /tmp/ready\"]\n    periodSeconds: 1\n    failureThreshold: 1\n");

        var mc = await Eventually.Returns(
            () => client.GetAsync(ns, "app"),
            m => m?.Status.GetCondition(ConditionTypes.Ready)?.Message?.Contains("exec: \"sh\": executable file not found in $PATH", StringComparison.Ordinal) == true,
            $"{ns}/app Ready's message carrying the runtime's exec error",
            Converge);
        mc!.Status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.HealthCheckFailing, KubeContainers.WholeSystem.ManagedContainers.Describe(mc));
        mc.Status.Checks!.HealthCheckPassing.ShouldBeFalse();
        var pod = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.ShouldHaveSingleItem();
        pod.Status.ContainerStatuses.ShouldAllBe(s => s.RestartCount == 0, "an errored liveness probe never kills");
    }

    private async Task<V1Container> AppContainerAsync(string ns, string name) =>
        (await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: Ct)).Spec.Template.Spec.Containers.Single();
}
