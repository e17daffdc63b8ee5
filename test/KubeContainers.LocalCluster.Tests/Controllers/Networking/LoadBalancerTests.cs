using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Networking;

/// <summary>
/// Services of type LoadBalancer: stock, nothing publishes an address (kind has no load balancer controller); with
/// the optional controller on (<c>loadBalancer.addresses</c>), each gets the first free address of its pool, and the
/// node ports the apiserver allocates either way.
/// </summary>
[ClusterTest]
public sealed class LoadBalancerTests
{
    private static string Service(string name, string type = "LoadBalancer", string extra = "") => $$"""
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "{{name}}" },
          "spec": { "type": "{{type}}", {{extra}} "selector": { "app": "game" },
                    "ports": [ { "name": "game", "port": 7777, "protocol": "UDP" }, { "name": "rcon", "port": 27015 } ] } }
        """;

    private static string? Address(TestCluster cluster, string name) =>
        cluster.Get(BuiltinResources.Services, name)?["status"]?["loadBalancer"]?["ingress"]?[0]?["ip"]?.ToString();

    [Fact]
    public async Task Stock_a_load_balancer_service_gets_node_ports_for_each_protocol_and_stays_pending()
    {
        await using var cluster = await TestCluster.StartAsync();

        var service = cluster.Create(BuiltinResources.Services, Service("game"));

        var ports = service["spec"]!["ports"]!.AsArray().Select(p => p!["nodePort"]!.GetValue<long>()).ToList();
        ports.ShouldAllBe(p => p >= 30000 && p <= 32767);
        service["spec"]!["allocateLoadBalancerNodePorts"]!.GetValue<bool>().ShouldBeTrue();
        service["spec"]!["externalTrafficPolicy"]!.ToString().ShouldBe("Cluster");
        // Nothing would ever publish it; a second Service proves the controllers had time to act and did not.
        cluster.Create(BuiltinResources.Services, Service("other", "ClusterIP"));
        await Eventually.Until(() => cluster.Get(BuiltinResources.Endpoints, "other"), e => e is not null, "the endpoints controller's pass");
        Address(cluster, "game").ShouldBeNull();
    }

    [Fact]
    public async Task With_the_controller_on_each_load_balancer_gets_the_next_free_address_and_events()
    {
        await using var cluster = await TestCluster.StartAsync(options: new LocalClusterOptions { LoadBalancerAddresses = "172.18.255.0/30" });

        cluster.Create(BuiltinResources.Services, Service("a"));
        (await Eventually.Until(() => Address(cluster, "a"), a => a is not null, "a's address")).ShouldBe("172.18.255.1");
        cluster.Create(BuiltinResources.Services, Service("b"));
        (await Eventually.Until(() => Address(cluster, "b"), a => a is not null, "b's address")).ShouldBe("172.18.255.2");
        cluster.Get(BuiltinResources.Services, "b")!["status"]!["loadBalancer"]!["ingress"]![0]!["ipMode"]!.ToString().ShouldBe("VIP");
        cluster.EventsFor("b").Select(e => e["reason"]!.ToString()).ShouldBe(["EnsuringLoadBalancer", "EnsuredLoadBalancer"], ignoreOrder: true);

        // A /30 has two usable addresses: the third waits, told so, until one is freed.
        cluster.Create(BuiltinResources.Services, Service("c"));
        await Eventually.Until(() => cluster.EventsFor("c", "SyncLoadBalancerFailed"), e => e.Count > 0, "c's failure event");
        cluster.EventsFor("c", "SyncLoadBalancerFailed")[0]["message"]!.ToString()
            .ShouldBe("Error syncing load balancer: failed to ensure load balancer: no free address in pool 172.18.255.0/30");
        cluster.Delete(BuiltinResources.Services, "a");
        (await Eventually.Until(() => Address(cluster, "c"), a => a is not null, "c's address once a is gone")).ShouldBe("172.18.255.1");
    }

    [Fact]
    public async Task The_controller_leaves_other_classes_and_other_types_alone_and_takes_back_an_address_on_a_type_change()
    {
        await using var cluster = await TestCluster.StartAsync(options: new LocalClusterOptions { LoadBalancerAddresses = "172.18.255.0/28" });
        cluster.Create(BuiltinResources.Services, Service("classed", extra: "\"loadBalancerClass\": \"example.com/other\","));
        cluster.Create(BuiltinResources.Services, Service("mine"));
        await Eventually.Until(() => Address(cluster, "mine"), a => a is not null, "mine's address");
        Address(cluster, "classed").ShouldBeNull();

        var mine = cluster.Get(BuiltinResources.Services, "mine")!;
        mine["spec"]!["type"] = "NodePort";
        mine["spec"]!.AsObject().Remove("allocateLoadBalancerNodePorts");
        cluster.Update(BuiltinResources.Services, mine);

        await Eventually.Until(() => Address(cluster, "mine"), a => a is null, "mine's address taken back");
    }

    [Fact]
    public async Task Service_ports_are_refused_as_the_apiserver_refuses_them()
    {
        await using var cluster = await TestCluster.StartAsync();
        string Refusal(string spec) => Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Services, $$"""
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "bad" }, "spec": { {{spec}} } }
            """)).Message;

        Refusal("""  "type": "ClusterIP", "selector": { "a": "b" }  """).ShouldBe("Service \"bad\" is invalid: spec.ports: Required value");
        Refusal("""  "ports": [ { "port": 80 }, { "port": 81 } ]  """).ShouldBe("Service \"bad\" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value]");
        Refusal("""  "ports": [ { "name": "a", "port": 80 }, { "name": "a", "port": 81 } ]  """).ShouldBe("Service \"bad\" is invalid: spec.ports[1].name: Duplicate value: \"a\"");
        Refusal("""  "ports": [ { "name": "Web", "port": 80 } ]  """).ShouldStartWith("Service \"bad\" is invalid: spec.ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of");
        Refusal("""  "ports": [ { "name": "a", "port": 80 }, { "name": "b", "port": 80, "protocol": "TCP" } ]  """)
            .ShouldBe("Service \"bad\" is invalid: spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}");
        Refusal("""  "ports": [ { "port": 80, "protocol": "ICMP" } ]  """).ShouldBe("Service \"bad\" is invalid: spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
        Refusal("""  "ports": [ { "port": 80, "targetPort": "web--ui" } ]  """).ShouldBe("Service \"bad\" is invalid: spec.ports[0].targetPort: Invalid value: \"web--ui\": must not contain consecutive hyphens");
        Refusal("""  "ports": [ { "port": 80, "nodePort": 30080 } ]  """).ShouldBe("Service \"bad\" is invalid: spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
        Refusal("""  "type": "NodePort", "ports": [ { "port": 80, "nodePort": 80 } ]  """)
            .ShouldBe("Service \"bad\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767");
        Refusal("""  "type": "LoadBalancer", "ports": [ { "port": 10250 } ]  """)
            .ShouldBe("Service \"bad\" is invalid: spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet");
        Refusal("""  "allocateLoadBalancerNodePorts": true, "ports": [ { "port": 80 } ]  """)
            .ShouldBe("Service \"bad\" is invalid: spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'");

        cluster.Create(BuiltinResources.Services, """{ "apiVersion": "v1", "kind": "Service", "metadata": { "name": "first" }, "spec": { "type": "NodePort", "ports": [ { "port": 80, "nodePort": 30080 } ] } }""");
        Refusal("""  "type": "NodePort", "ports": [ { "port": 81, "nodePort": 30080 } ]  """)
            .ShouldBe("Service \"bad\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated");
    }

    [Fact]
    public async Task A_load_balancer_without_node_port_allocation_gets_none()
    {
        await using var cluster = await TestCluster.StartAsync();

        var service = cluster.Create(BuiltinResources.Services, Service("direct", extra: "\"allocateLoadBalancerNodePorts\": false,"));

        service["spec"]!["ports"]!.AsArray().ShouldAllBe(p => p!["nodePort"] == null);
    }
}
