using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Controllers;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>ResourceQuota: the controller's status, and admission refusing with the apiserver's messages.</summary>
[ClusterTest]
public sealed class ResourceQuotaTests
{
    /// <summary>Creates a quota and waits for the controller to publish it: until then upstream enforces nothing either.</summary>
    private static async Task<JsonObject> QuotaAsync(TestCluster cluster, string name, string hard)
    {
        cluster.Create(BuiltinResources.ResourceQuotas, $$"""{ "apiVersion": "v1", "kind": "ResourceQuota", "metadata": { "name": "{{name}}" }, "spec": { "hard": { {{hard}} } } }""");
        return (await Eventually.Until(() => cluster.Get(BuiltinResources.ResourceQuotas, name), q => q?["status"]?["used"] is not null, $"quota {name} status"))!;
    }

    private static string Used(JsonObject? quota, string resource) => quota?["status"]?["used"]?[resource]?.ToString() ?? "";

    [Fact]
    public async Task A_pod_past_the_pods_quota_is_refused_and_finished_pods_give_their_place_back()
    {
        await using var cluster = await TestCluster.StartAsync();
        var quota = await QuotaAsync(cluster, "pods", "\"pods\": \"2\", \"count/pods\": \"5\"");
        quota["status"]!["hard"]!.ToJsonString().ShouldBe("""{"count/pods":"5","pods":"2"}""");
        Used(quota, "pods").ShouldBe("0");

        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("once", "busybox", extraSpec: "\"restartPolicy\": \"Never\","));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("b", "nginx"));
        var error = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Pods, TestCluster.Pod("c", "nginx")));

        error.Code.ShouldBe(403);
        error.Message.ShouldBe("pods \"c\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2");
        // The Never pod completes; a Succeeded pod no longer counts under pods (it still does under count/pods).
        quota = await Eventually.Until(() => cluster.Get(BuiltinResources.ResourceQuotas, "pods"), q => Used(q, "pods") == "1", "the finished pod released");
        Used(quota, "count/pods").ShouldBe("2");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("c", "nginx"));
    }

    [Fact]
    public async Task A_compute_quota_requires_requests_and_limits_and_counts_them()
    {
        await using var cluster = await TestCluster.StartAsync();
        await QuotaAsync(cluster, "compute", "\"requests.cpu\": \"1\", \"limits.memory\": \"1Gi\"");

        var unmet = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Pods, TestCluster.Pod("bare", "nginx")));
        unmet.Code.ShouldBe(403);
        unmet.Message.ShouldBe("pods \"bare\" is forbidden: failed quota: compute: must specify limits.memory for: app; requests.cpu for: app");

        const string resources = """{ "requests": { "cpu": "600m" }, "limits": { "memory": "512Mi" } }""";
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("a", "nginx", resources: resources));
        var error = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Pods, TestCluster.Pod("b", "nginx", resources: resources)));
        error.Message.ShouldBe("pods \"b\" is forbidden: exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=600m, limited: requests.cpu=1");
        var quota = cluster.Get(BuiltinResources.ResourceQuotas, "compute");
        Used(quota, "limits.memory").ShouldBe("512Mi");
    }

    [Fact]
    public async Task Services_count_load_balancers_and_node_ports_also_on_a_type_change()
    {
        await using var cluster = await TestCluster.StartAsync();
        await QuotaAsync(cluster, "svc", "\"services\": \"3\", \"services.loadbalancers\": \"0\", \"services.nodeports\": \"1\"");
        static string Service(string name, string type) => $$"""
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "{{name}}" },
              "spec": { "type": "{{type}}", "selector": { "app": "x" }, "ports": [ { "name": "a", "port": 80 }, { "name": "b", "port": 81 } ] } }
            """;

        var lb = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Services, Service("lb", "LoadBalancer")));
        lb.Message.ShouldBe("services \"lb\" is forbidden: exceeded quota: svc, requested: services.loadbalancers=1,services.nodeports=2, used: services.loadbalancers=0,services.nodeports=0, limited: services.loadbalancers=0,services.nodeports=1");

        var plain = cluster.Create(BuiltinResources.Services, Service("plain", "ClusterIP"));
        plain["spec"]!["type"] = "NodePort";
        var grown = Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.Services, plain));
        grown.Message.ShouldBe("services \"plain\" is forbidden: exceeded quota: svc, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1");
    }

    [Fact]
    public async Task Claims_count_storage_in_total_and_per_class()
    {
        await using var cluster = await TestCluster.StartAsync();
        await QuotaAsync(cluster, "storage", "\"requests.storage\": \"5Gi\", \"fast.storageclass.storage.k8s.io/persistentvolumeclaims\": \"0\"");
        static string Claim(string name, string size, string storageClass = "") => $$"""
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "{{name}}" },
              "spec": { {{(storageClass.Length > 0 ? $"\"storageClassName\": \"{storageClass}\"," : "")}} "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "{{size}}" } } } }
            """;

        cluster.Create(BuiltinResources.PersistentVolumeClaims, Claim("a", "3Gi"));
        Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.PersistentVolumeClaims, Claim("b", "3Gi"))).Message
            .ShouldBe("persistentvolumeclaims \"b\" is forbidden: exceeded quota: storage, requested: requests.storage=3Gi, used: requests.storage=3Gi, limited: requests.storage=5Gi");
        Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.PersistentVolumeClaims, Claim("c", "1Gi", "fast"))).Message
            .ShouldBe("persistentvolumeclaims \"c\" is forbidden: exceeded quota: storage, requested: fast.storageclass.storage.k8s.io/persistentvolumeclaims=1, used: fast.storageclass.storage.k8s.io/persistentvolumeclaims=0, limited: fast.storageclass.storage.k8s.io/persistentvolumeclaims=0");
    }

    [Fact]
    public async Task Object_counts_cover_configmaps_and_any_kind_by_count_name()
    {
        await using var cluster = await TestCluster.StartAsync();
        await QuotaAsync(cluster, "objects", "\"configmaps\": \"1\", \"count/deployments.apps\": \"0\"");

        cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "one" } }""");
        Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "two" } }""")).Message
            .ShouldBe("configmaps \"two\" is forbidden: exceeded quota: objects, requested: configmaps=1, used: configmaps=1, limited: configmaps=1");
        Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx"))).Message
            .ShouldBe("deployments.apps \"web\" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0");
    }

    [Fact]
    public async Task A_replicaset_past_the_quota_records_failed_create_with_the_apiservers_text()
    {
        await using var cluster = await TestCluster.StartAsync();
        await QuotaAsync(cluster, "pods", "\"pods\": \"1\"");

        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx", replicas: 2));

        var failed = await Eventually.Until(() => cluster.List(BuiltinResources.Events).Where(e => e["reason"]?.ToString() == "FailedCreate").ToList(),
            e => e.Count > 0, "FailedCreate");
        failed[0]["message"]!.ToString().ShouldMatch(
            "^Error creating: pods \"web-[a-z0-9]+-[a-z0-9]{5}\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1$");
        cluster.PodsWithLabel("app", "web").Count.ShouldBe(1);
    }
}
