using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.LocalCluster.Server;

namespace KubeContainers.LocalCluster.Tests.Server;

/// <summary>The request counters the benchmarks read: by client (field manager or user agent), verb and resource.</summary>
[ClusterTest]
public sealed class RequestStatsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1ConfigMap ConfigMap(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["key"] = "v" },
    };

    [Fact]
    public async Task Requests_are_counted_by_field_manager_or_user_agent_verb_and_resource()
    {
        await using var cluster = await LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, Ct);
        using var client = new Kubernetes(cluster.ClientConfiguration());

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", fieldManager: "alice", cancellationToken: Ct);
        var conflict = await Should.ThrowAsync<HttpOperationException>(
            () => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", fieldManager: "alice", cancellationToken: Ct));
        conflict.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        created.Data["key"] = "w";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "default", cancellationToken: Ct);
        await client.CoreV1.ReadNamespacedConfigMapAsync("a", "default", cancellationToken: Ct);
        await client.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", cancellationToken: Ct);

        cluster.Requests.Snapshot().ShouldBe(
        [
            new RequestStatsEntry("alice", "create", "configmaps", 2, 1),
            new RequestStatsEntry("kubernetes-csharp", "delete", "configmaps", 1, 0),
            new RequestStatsEntry("kubernetes-csharp", "get", "configmaps", 1, 0),
            new RequestStatsEntry("kubernetes-csharp", "list", "configmaps", 1, 0),
            new RequestStatsEntry("kubernetes-csharp", "update", "configmaps", 1, 0),
        ]);
        cluster.Requests.Writes("alice").ShouldBe(2);
        cluster.Requests.Writes("kubernetes-csharp").ShouldBe(2);
        cluster.Requests.Writes().ShouldBe(4);
    }

    [Fact]
    public async Task Admin_stats_serves_the_counters_and_resets_them()
    {
        await using var cluster = await LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, Ct);
        using var client = new Kubernetes(cluster.ClientConfiguration());
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", fieldManager: "bench", cancellationToken: Ct);
        await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"data\":{\"key\":\"x\"}}", V1Patch.PatchType.MergePatch), "a", "default", fieldManager: "bench", cancellationToken: Ct);
        using var http = cluster.CreateHttpClient();

        var stats = JsonNode.Parse(await http.GetStringAsync(new Uri("/admin/stats", UriKind.Relative), Ct))!;
        stats["writes"]!["bench"]!.GetValue<long>().ShouldBe(2);
        var requests = stats["requests"]!.AsArray().Select(r => $"{r!["client"]} {r["verb"]} {r["resource"]} {r["count"]}");
        requests.ShouldBe(["bench create configmaps 1", "bench patch configmaps 1"]);

        using var reset = await http.PostAsync(new Uri("/admin/stats/reset", UriKind.Relative), null, Ct);
        reset.StatusCode.ShouldBe(HttpStatusCode.OK);
        cluster.Requests.Snapshot().ShouldBeEmpty();
    }

    [Fact]
    public async Task Refused_requests_count_as_errors_of_the_resource_they_asked_for()
    {
        await using var cluster = await LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, Ct);
        using var admin = new Kubernetes(cluster.ClientConfiguration());
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "bot" } }, "default", cancellationToken: Ct);
        using var bot = new Kubernetes(cluster.ClientConfiguration(await cluster.CreateServiceAccountTokenAsync("default", "bot")));
        using var stranger = new Kubernetes(cluster.ClientConfiguration("not-a-token"));

        var forbidden = await Should.ThrowAsync<HttpOperationException>(
            () => bot.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", fieldManager: "bot", cancellationToken: Ct));
        forbidden.Response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var unauthorized = await Should.ThrowAsync<HttpOperationException>(
            () => stranger.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: Ct));
        unauthorized.Response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        cluster.Requests.Snapshot().Where(e => e.Resource == "configmaps").ShouldBe(
        [
            new RequestStatsEntry("bot", "create", "configmaps", 1, 1),
            new RequestStatsEntry("kubernetes-csharp", "list", "configmaps", 1, 1),
        ]);
    }
}
