using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// spec.ports with the real operator on the local cluster: podinfo run as its deployment manifests run it, its HTTP
/// API on 9898 and its gRPC API on 9999 (the image's defaults open only 9898, so the command asks for both). The
/// kubelet probes the HTTP port, which podinfo serves, so the container becomes Ready with both ports on its Service
/// and in status.addresses. On a cluster without a load balancer controller and an operator that does not allow
/// load balancers, asking for one is refused naming the field and the setting.
/// </summary>
[ClusterTest]
public sealed class PortSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    internal const string Podinfo = """
          image: stefanprodan/podinfo:6.7.1
          command: ["./podinfo", "--port=9898", "--grpc-port=9999"]
          ports:
            - name: http
              port: 9898
              http: true
            - name: grpc
              port: 9999

        """;

    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Podinfo_with_an_http_and_a_grpc_port_becomes_ready_with_both_on_its_service_and_in_status()
    {
        var ns = await cluster.NamespaceAsync("ports");
        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("podinfo", Podinfo))).ShouldSucceed();

        var mc = await Eventually.Returns(() => client.GetAsync(ns, "podinfo"), m => m?.Status.IsReady() == true, $"{ns}/podinfo Ready", Converge);

        mc!.Status.Url.ShouldBe($"http://podinfo-{ns}.apps.example.test");
        mc.Status.InternalUrl.ShouldBe($"http://podinfo.{ns}.svc.cluster.local:9898");
        mc.Status.Addresses!.Select(a => $"{a.Name} {a.Port}/{a.Protocol} {a.Internal} {a.External ?? "-"}").ShouldBe(
        [
            $"http 9898/TCP podinfo.{ns}.svc.cluster.local:9898 -",
            $"grpc 9999/TCP podinfo.{ns}.svc.cluster.local:9999 -",
        ]);
        var service = await client.CoreV1.ReadNamespacedServiceAsync("podinfo", ns, cancellationToken: Ct);
        service.Spec.Ports.Select(p => $"{p.Name} {p.Port}/{p.Protocol} -> {p.TargetPort.Value}").ShouldBe(["http 9898/TCP -> http", "grpc 9999/TCP -> grpc"]);
        var app = (await client.AppsV1.ReadNamespacedDeploymentAsync("podinfo", ns, cancellationToken: Ct)).Spec.Template.Spec.Containers.Single();
        app.Ports.Select(p => $"{p.Name} {p.ContainerPort}").ShouldBe(["http 9898", "grpc 9999"]);
        app.ReadinessProbe.TcpSocket.Port.Value.ShouldBe("9898");
        (await client.NetworkingV1.ReadNamespacedIngressAsync("podinfo", ns, cancellationToken: Ct)).Spec.Rules[0].Http.Paths[0].Backend.Service.Port.Number.ShouldBe(9898);
        var endpoints = await Eventually.Returns(
            () => client.CoreV1.ReadNamespacedEndpointsAsync("podinfo", ns, cancellationToken: Ct),
            e => e?.Subsets?.FirstOrDefault()?.Addresses?.Count > 0,
            $"{ns}/podinfo endpoints",
            Converge);
        endpoints!.Subsets[0].Ports.Select(p => p.Port).Order().ShouldBe([9898, 9999]);
    }

    [Fact]
    public async Task A_load_balancer_the_operator_does_not_allow_is_refused_naming_the_field_and_the_setting()
    {
        var ns = await cluster.NamespaceAsync("ports-lb");
        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("podinfo", Podinfo + "  networking:\n    loadBalancer: true\n"))).ShouldSucceed();

        var mc = await Eventually.Returns(
            () => client.GetAsync(ns, "podinfo"),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Reason: ConditionReasons.InvalidSpec },
            $"{ns}/podinfo InvalidSpec",
            Converge);

        mc!.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain(
            "spec.networking.loadBalancer: Forbidden: this operator does not allow load balancers: its administrator can turn them on with --allow-load-balancers");
        (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct)).Items.ShouldBeEmpty();
    }
}
