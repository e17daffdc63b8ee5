using System.Net;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Networking;

[ClusterTest]
public sealed class NetworkingTests
{
    [Fact]
    public async Task A_service_gets_a_cluster_ip_that_it_keeps_and_endpoints_of_ready_pods()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("web", "nginx"));
        var service = cluster.Create(BuiltinResources.Services, """
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "web" },
              "spec": { "selector": { "app": "web" }, "ports": [ { "name": "http", "port": 80 } ] } }
            """);

        var ip = service["spec"]!["clusterIP"]!.ToString();
        var bytes = IPAddress.Parse(ip).GetAddressBytes();
        (bytes[0], bytes[1] & 0xF0).ShouldBe(((byte)10, 96));
        service["spec"]!["clusterIPs"]![0]!.ToString().ShouldBe(ip);
        service["spec"]!["type"]!.ToString().ShouldBe("ClusterIP");
        service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>().ShouldBe(80);
        service["spec"]!["ports"]![0]!["protocol"]!.ToString().ShouldBe("TCP");

        service["spec"]!.AsObject().Remove("clusterIP");
        service["spec"]!.AsObject().Remove("clusterIPs");
        cluster.Update(BuiltinResources.Services, service)["spec"]!["clusterIP"]!.ToString().ShouldBe(ip);
        var changed = cluster.Get(BuiltinResources.Services, "web")!;
        changed["spec"]!["clusterIP"] = "10.96.0.99";
        changed["spec"]!["clusterIPs"] = new System.Text.Json.Nodes.JsonArray("10.96.0.99");
        Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.Services, changed)).Message
            .ShouldBe("Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: []string{\"10.96.0.99\"}: may not change once set");

        var endpoints = await Eventually.Until(() => cluster.Get(BuiltinResources.Endpoints, "web"),
            e => e?["subsets"]?[0]?["addresses"] is not null, "a ready endpoint");
        endpoints!["subsets"]![0]!["addresses"]![0]!["ip"]!.ToString().ShouldStartWith("10.244.");
        endpoints["subsets"]![0]!["ports"]![0]!["port"]!.GetValue<int>().ShouldBe(80);
    }

    [Fact]
    public async Task Only_ingresses_of_a_known_class_get_an_address()
    {
        await using var cluster = await TestCluster.StartAsync();
        const string Rules = """ "rules": [ { "http": { "paths": [ { "path": "/", "pathType": "Prefix", "backend": { "service": { "name": "web", "port": { "number": 80 } } } } ] } } ] """;
        // "other" goes first: the controller's one loop takes keys in the order of their changes, so once "web" has its
        // address, "other" has been reconciled too and its missing address is a decision, not a race.
        cluster.Create(BuiltinResources.Ingresses, $$"""{ "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": { "name": "other" }, "spec": { "ingressClassName": "traefik", {{Rules}} } }""");
        var defaulted = cluster.Create(BuiltinResources.Ingresses, $$"""{ "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": { "name": "web" }, "spec": { {{Rules}} } }""");

        defaulted["spec"]!["ingressClassName"]!.ToString().ShouldBe("nginx");
        var ingress = await Eventually.Until(() => cluster.Get(BuiltinResources.Ingresses, "web"),
            i => i?["status"]?["loadBalancer"]?["ingress"] is not null, "an address");
        ingress!["status"]!["loadBalancer"]!["ingress"]![0]!["ip"]!.ToString().ShouldBe("127.0.0.1");
        cluster.Get(BuiltinResources.Ingresses, "other")!["status"]?["loadBalancer"]?["ingress"].ShouldBeNull();
        cluster.EventsFor("other", "Sync").ShouldBeEmpty();
    }
}
