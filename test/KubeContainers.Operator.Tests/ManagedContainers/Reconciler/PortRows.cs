using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>spec.ports and networking.loadBalancer: the Services, status.addresses, and Ready waiting truthfully for
/// the load balancer's address.</summary>
public sealed class PortRows
{
    private static void GameServer(ManagedContainerSpec spec)
    {
        spec.Port = null;
        spec.Ports =
        [
            new PortSpec { Name = "web", Port = 8080, Http = true },
            new PortSpec { Name = "game", Port = 7777, Protocol = PortProtocols.Udp },
            new PortSpec { Name = "rcon", Port = 27015 },
        ];
    }

    private static void LoadBalanced(ManagedContainerSpec spec)
    {
        GameServer(spec);
        spec.Networking = new NetworkingSpec { LoadBalancer = true };
    }

    /// <summary>Created, rolled out and the Ingress published: only the load balancer is left.</summary>
    private static async Task RunningWithLoadBalancer(Cluster c)
    {
        c.Add(Objects.WebApp(LoadBalanced));
        await c.ReconcileAsync();
        await c.Controllers.RolloutDoneAsync();
        await c.Controllers.IngressAddressAsync();
    }

    private static readonly Table Rows = new(
        new Row("ports: one Service with every port, each port's in-cluster address in status")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp(GameServer))),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Conditions = ["ServiceReady True Ready", "IngressReady Unknown Pending"],
            Url = Objects.WebUrl,
            Then = c =>
            {
                var status = c.Container().Status;
                status.InternalUrl.ShouldBe("http://web.team-a.svc.cluster.local:8080");
                status.Addresses!.Select(a => $"{a.Name} {a.Protocol} {a.Internal} {a.External ?? "-"}").ShouldBe(
                [
                    "web TCP web.team-a.svc.cluster.local:8080 -",
                    "game UDP web.team-a.svc.cluster.local:7777 -",
                    "rcon TCP web.team-a.svc.cluster.local:27015 -",
                ]);
                c.Get<V1Service>("web").Spec.Ports.Select(p => $"{p.Name} {p.Port}/{p.Protocol}").ShouldBe(["web 8080/TCP", "game 7777/UDP", "rcon 27015/TCP"]);
                c.Find<V1Service>("web-lb").ShouldBeNull();
            },
        },
        new Row("load balancer allowed: a second Service of type LoadBalancer; Ready waits for its address")
        {
            Settings = s => s with { AllowLoadBalancers = true },
            Given = RunningWithLoadBalancer,
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "Unknown Pending",
            Conditions = ["DeploymentAvailable True Available", "IngressReady True Ready", "ServiceReady Unknown Pending"],
            Then = c =>
            {
                var status = c.Container().Status;
                status.GetCondition(ConditionTypes.ServiceReady)!.Message.ShouldBe("waiting for the load balancer to give Service web-lb an address");
                status.Addresses!.ShouldAllBe(a => a.External == null);
                var lb = c.Get<V1Service>("web-lb");
                lb.Spec.Type.ShouldBe("LoadBalancer");
                lb.Spec.Ports.Select(p => $"{p.Name} {p.Port}/{p.Protocol}").ShouldBe(["game 7777/UDP", "rcon 27015/TCP"]);
            },
        },
        new Row("load balancer with an address: Ready, and the external address of each of its ports in status")
        {
            Settings = s => s with { AllowLoadBalancers = true },
            Given = async c =>
            {
                await RunningWithLoadBalancer(c);
                await c.EditStatusAsync<V1Service>("web-lb", s => s.Status = new V1ServiceStatus
                {
                    LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "198.51.100.7" }] },
                });
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "True Ready",
            Conditions = ["ServiceReady True Ready"],
            Then = c => c.Container().Status.Addresses!.Select(a => $"{a.Name} {a.External ?? "-"}")
                .ShouldBe(["web -", "game 198.51.100.7:7777", "rcon 198.51.100.7:27015"]),
        },
        new Row("load balancer the operator does not allow: InvalidSpec naming the field and the setting, nothing created")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp(LoadBalanced))),
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Ready = "False InvalidSpec",
            Events = ["Warning InvalidSpec: spec.networking.loadBalancer*--allow-load-balancers*"],
            Then = c => c.Container().Status.Message!.ShouldContain("spec.networking.loadBalancer: Forbidden: this operator does not allow load balancers: its administrator can turn them on with --allow-load-balancers"),
        },
        new Row("load balancer turned off: its Service is deleted and the addresses lose the external one")
        {
            Settings = s => s with { AllowLoadBalancers = true },
            Given = async c =>
            {
                await RunningWithLoadBalancer(c);
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Networking!.LoadBalancer = null);
            },
            // The NetworkPolicy closes the ports it had opened to every source.
            Writes = ["update V1NetworkPolicy team-a/web", "delete V1Service team-a/web-lb", "status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["ServiceReady True Ready"],
            Then = c =>
            {
                c.Find<V1Service>("web-lb").ShouldBeNull();
                c.Get<V1NetworkPolicy>("web").Spec.Ingress.ShouldAllBe(r => r.FromProperty != null && r.FromProperty.Count > 0);
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
