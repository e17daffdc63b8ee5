using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Kubelet;

/// <summary>
/// configMap and secret volumes as the kubelet's volume manager sets them up before the pod's sandbox: a
/// non-optional one whose object or item key is missing records FailedMount ("MountVolume.SetUp failed for volume
/// ...") on every retry and keeps the pod Pending, its container in ContainerCreating without an IP, until the object
/// appears; an optional one never blocks.
/// </summary>
[ClusterTest]
public sealed class ConfigVolumeTests
{
    private static JsonObject? ContainerStatus(JsonObject? pod) =>
        (pod?["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["name"]?.ToString() == "app");

    private static string? Waiting(JsonObject? pod) => ContainerStatus(pod)?["state"]?["waiting"]?["reason"]?.ToString();

    /// <summary>A pod mounting one file (subPath) of a volume with the given source.</summary>
    private static string Pod(string volumeSource) => $$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "app" },
          "spec": {
            "containers": [ { "name": "app", "image": "nginx",
              "volumeMounts": [ { "name": "files", "mountPath": "/etc/app/app.conf", "subPath": "app.conf", "readOnly": true } ] } ],
            "volumes": [ { "name": "files", {{volumeSource}} } ]
          }
        }
        """;

    private static Task<JsonObject?> ReadyPod(TestCluster cluster) =>
        Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => TestCluster.Condition(p, "Ready") == "True", "app ready");

    [Theory]
    [InlineData(""" "configMap": { "name": "conf", "items": [ { "key": "app.conf", "path": "app.conf" } ] } """, "configmap \"conf\" not found",
        """ { "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "conf" }, "data": { "app.conf": "x" } } """, "configmaps")]
    [InlineData(""" "secret": { "secretName": "conf", "items": [ { "key": "app.conf", "path": "app.conf" } ] } """, "secret \"conf\" not found",
        """ { "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "conf" }, "type": "Opaque", "data": { "app.conf": "eA==" } } """, "secrets")]
    public async Task A_missing_object_fails_the_mount_until_it_is_created(string source, string error, string create, string resource)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod(source));

        // The volume manager retries with back-off: the FailedMount event is aggregated, its count grows.
        var failed = await Eventually.Until(() => cluster.EventsFor("app", "FailedMount"),
            e => e.Count == 1 && e[0]["count"]?.GetValue<long>() >= 2, "FailedMount repeated");
        var mountEvent = failed.Single();
        mountEvent["type"]!.ToString().ShouldBe("Warning");
        mountEvent["message"]!.ToString().ShouldBe($"MountVolume.SetUp failed for volume \"files\" : {error}");
        mountEvent["source"]!["component"]!.ToString().ShouldBe("kubelet");
        var pod = cluster.Get(BuiltinResources.Pods, "app")!;
        pod["status"]!["phase"]!.ToString().ShouldBe("Pending");
        pod["status"]!["podIP"].ShouldBeNull("no sandbox before the volumes are set up");
        TestCluster.Condition(pod, "PodReadyToStartContainers").ShouldBe("False");
        Waiting(pod).ShouldBe("ContainerCreating");
        cluster.EventsFor("app", "Started").ShouldBeEmpty();

        cluster.Create(resource == "secrets" ? BuiltinResources.Secrets : BuiltinResources.ConfigMaps, create);
        var ready = await ReadyPod(cluster);
        ready!["status"]!["podIP"]!.ToString().ShouldStartWith("10.244.");
        cluster.EventsFor("app", "Started").ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData(""" "configMap": { "name": "conf", "items": [ { "key": "app.conf", "path": "app.conf" } ] } """, "configmap references non-existent config key: app.conf")]
    [InlineData(""" "secret": { "secretName": "conf", "items": [ { "key": "app.conf", "path": "app.conf" } ] } """, "references non-existent secret key: app.conf")]
    public async Task A_missing_item_key_fails_the_mount_naming_the_key(string source, string error)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ConfigMaps, """ { "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "conf" }, "data": { "other": "x" } } """);
        cluster.Create(BuiltinResources.Secrets, """ { "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "conf" }, "type": "Opaque", "data": { "other": "eA==" } } """);
        cluster.Create(BuiltinResources.Pods, Pod(source));

        await Eventually.Until(() => cluster.EventsFor("app", "FailedMount").Any(e => e["message"]!.ToString() == $"MountVolume.SetUp failed for volume \"files\" : {error}"),
            "the FailedMount event naming the key");
        Waiting(cluster.Get(BuiltinResources.Pods, "app")).ShouldBe("ContainerCreating");
    }

    [Theory]
    [InlineData(""" "configMap": { "name": "absent", "optional": true } """)]
    [InlineData(""" "secret": { "secretName": "absent", "optional": true, "items": [ { "key": "app.conf", "path": "app.conf" } ] } """)]
    public async Task An_optional_volume_never_blocks(string source)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod(source));

        await ReadyPod(cluster);
        cluster.EventsFor("app", "FailedMount").ShouldBeEmpty();
    }
}
