using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// networking.loadBalancer on a cluster whose load balancer controller publishes addresses, with an operator that
/// allows load balancers: the gRPC port goes on podinfo-lb, the container is Ready only once the load balancer has
/// an address, and that address is the port's external one in status.addresses.
/// </summary>
[ClusterTest]
public sealed class LoadBalancerSystemTests(LoadBalancerCluster cluster) : IClassFixture<LoadBalancerCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_grpc_port_gets_a_load_balancer_and_its_external_address_in_status()
    {
        var ns = await cluster.NamespaceAsync("lb");
        var spec = PortSystemTests.Podinfo + "  networking:\n    loadBalancer: true\n";
        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("podinfo", spec))).ShouldSucceed();

        var mc = await Eventually.Returns(() => client.GetAsync(ns, "podinfo"), m => m?.Status.IsReady() == true, $"{ns}/podinfo Ready", Converge);

        var lb = await client.CoreV1.ReadNamespacedServiceAsync("podinfo-lb", ns, cancellationToken: Ct);
        lb.Spec.Type.ShouldBe("LoadBalancer");
        lb.Spec.Ports.Select(p => $"{p.Name} {p.Port}/{p.Protocol}").ShouldBe(["grpc 9999/TCP"]);
        lb.Spec.Ports[0].NodePort.ShouldNotBeNull();
        var ip = lb.Status.LoadBalancer.Ingress.Single().Ip;
        ip.ShouldStartWith("172.18.255.");
        mc!.Status.Addresses!.Select(a => $"{a.Name} {a.External ?? "-"}").ShouldBe(["http -", $"grpc {ip}:9999"]);
        mc.Status.GetCondition(ConditionTypes.ServiceReady)!.Status.ShouldBe(ConditionStatuses.True);
    }
}
