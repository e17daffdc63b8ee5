using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Tests.Controllers;

/// <summary>A cluster started in-process with fast timings, and short helpers for reading and writing it through the API.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private static readonly WriteOptions Write = new("controller-tests");

    private TestCluster(LocalCluster cluster)
    {
        Cluster = cluster;
    }

    public LocalCluster Cluster { get; }

    public ResourceService Api => Cluster.Api;

    /// <summary>Pods get ready after 50 ms and restart back-offs start at 100 ms, so every scenario plays out in a second or two.</summary>
    public static async Task<TestCluster> StartAsync(IReadOnlyList<PodRule>? rules = null, IReadOnlyList<string>? kataRuntimeClasses = null, TimeSpan? slowStart = null,
        IReadOnlyList<NodeSpec>? nodes = null, IReadOnlyList<ImageMetadata>? images = null, LocalClusterOptions? options = null)
    {
        options ??= new LocalClusterOptions();
        options = options with
        {
            Nodes = nodes ?? options.Nodes,
            PodReadyDelay = TimeSpan.FromMilliseconds(50),
            RestartBackOff = TimeSpan.FromMilliseconds(100),
            SlowStartDelay = slowStart ?? TimeSpan.FromMilliseconds(600),
            PodRules = rules ?? [],
            KataRuntimeClasses = kataRuntimeClasses ?? [],
            Images = images ?? [],
        };
        return new TestCluster(await LocalCluster.StartAsync(options, TestContext.Current.CancellationToken));
    }

    /// <summary>The default nodes with node-1 labelled and equipped by kata-deploy (kata-qemu, kata-fc), which no stock node is.</summary>
    public static IReadOnlyList<NodeSpec> KataNodes { get; } =
    [
        new("node-1", Labels: new Dictionary<string, string> { [NodeSpec.KataLabel] = "true" }, RuntimeHandlers: NodeSpec.KataRuntimeHandlers),
        new("node-2", Gpus: 2),
        new("node-3", Arch: "arm64"),
    ];

    /// <summary>The default nodes, each with gVisor (runsc) installed beside runc.</summary>
    public static IReadOnlyList<NodeSpec> GVisorNodes { get; } =
        [.. NodeSpec.Defaults.Select(n => n with { RuntimeHandlers = NodeSpec.GVisorRuntimeHandlers })];

    public JsonObject Create(ResourceType type, string json, string ns = "default") =>
        Api.Create(type, type.Namespaced ? ns : null, JsonNode.Parse(json)!.AsObject(), Write);

    public JsonObject? Get(ResourceType type, string name, string ns = "default") =>
        Api.TryGet(type, type.Namespaced ? ns : null, name);

    public JsonObject Update(ResourceType type, JsonObject obj) =>
        Api.Update(type, obj.Namespace(), obj.Name(), obj, null, Write);

    /// <summary>Writes only status, through the /status subresource.</summary>
    public JsonObject UpdateStatus(ResourceType type, JsonObject obj) =>
        Api.Update(type, obj.Namespace(), obj.Name(), obj, "status", Write);

    public DeleteResult Delete(ResourceType type, string name, string? policy = null, string ns = "default") =>
        Api.Delete(type, type.Namespaced ? ns : null, name, new DeleteOptions(policy));

    public List<JsonObject> List(ResourceType type, string ns = "default") =>
        Api.List(type, type.Namespaced ? ns : null, new ListOptions()).Items.Select(o => o.ToJsonObject()).ToList();

    public List<JsonObject> PodsWithLabel(string key, string value, string ns = "default") =>
        List(BuiltinResources.Pods, ns).Where(p => p.Labels().GetValueOrDefault(key) == value).ToList();

    /// <summary>Events about the named object, optionally of one reason.</summary>
    public List<JsonObject> EventsFor(string name, string? reason = null, string ns = "default") =>
        List(BuiltinResources.Events, ns)
            .Where(e => e["involvedObject"]?["name"]?.ToString() == name && (reason is null || e["reason"]?.ToString() == reason))
            .ToList();

    public static string? Condition(JsonObject? obj, string type, string field = "status") =>
        (obj?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type)?[field]?.ToString();

    public static string Deployment(string name, string image, int replicas = 2, string extraSpec = "", string podSpec = "") => $$"""
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "replicas": {{replicas}},
            {{extraSpec}}
            "selector": { "matchLabels": { "app": "{{name}}" } },
            "template": {
              "metadata": { "labels": { "app": "{{name}}" } },
              "spec": { {{podSpec}} "containers": [ { "name": "app", "image": "{{image}}" } ] }
            }
          }
        }
        """;

    public static string Pod(string name, string image, string extraSpec = "", string resources = "{}") => $$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "{{name}}", "labels": { "app": "{{name}}" } },
          "spec": { {{extraSpec}} "containers": [ { "name": "app", "image": "{{image}}", "resources": {{resources}} } ] }
        }
        """;

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
