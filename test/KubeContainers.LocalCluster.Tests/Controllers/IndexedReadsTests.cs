using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers;

/// <summary>
/// The controllers read their children from the store's owner index and look at a change only when it can matter
/// (the endpoints controller at the services whose selector the pod matches before or after, the garbage collector
/// at changed ownerReferences): the behaviour must be the one of reading everything.
/// </summary>
[ClusterTest]
public sealed class IndexedReadsTests
{
    private const string ConfigMaps = "configmaps.";

    [Fact]
    public void The_owner_index_follows_each_revision_and_filters_by_kind()
    {
        var store = new ObjectStore(100);
        store.Put(ConfigMaps, Object("ConfigMap", "b", ("owner-1", true)));
        store.Put(ConfigMaps, Object("ConfigMap", "a", ("owner-1", false)));
        store.Put("secrets.", Object("Secret", "c", ("owner-1", true)));

        store.Dependents("owner-1").Select(d => $"{d.StorageKey}{d.Object.Key}").ShouldBe(["configmaps.ns/a", "configmaps.ns/b", "secrets.ns/c"]);
        store.Dependents("owner-1", ConfigMaps).Select(d => d.Object.Key).ShouldBe(["ns/a", "ns/b"]);
        store.Get(ConfigMaps, "ns", "b")!.ControllerKey("Deployment").ShouldBe("ns/owner-1-name");
        store.Get(ConfigMaps, "ns", "a")!.Controller.ShouldBeNull();

        store.Put(ConfigMaps, Object("ConfigMap", "b", ("owner-2", true)));
        store.Dependents("owner-1", ConfigMaps).Select(d => d.Object.Key).ShouldBe(["ns/a"]);
        store.Dependents("owner-2").ShouldHaveSingleItem().Object.Key.ShouldBe("ns/b");

        store.Remove(ConfigMaps, "ns", "a");
        store.Dependents("owner-1", ConfigMaps).ShouldBeEmpty();
        store.Current(ConfigMaps, "ns").Select(o => o.Key).ShouldBe(["ns/b"]);
        store.Current(ConfigMaps, "other").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pod_that_leaves_the_selector_leaves_the_endpoints()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Services, """
            { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "web" },
              "spec": { "selector": { "app": "web" }, "ports": [ { "port": 80 } ] } }
            """);
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("web", "nginx"));
        await Eventually.Until(() => cluster.Get(BuiltinResources.Endpoints, "web"), e => e?["subsets"]?[0]?["addresses"] is not null, "a ready endpoint");

        var pod = cluster.Get(BuiltinResources.Pods, "web")!;
        pod["metadata"]!["labels"] = new JsonObject { ["app"] = "elsewhere" };
        cluster.Update(BuiltinResources.Pods, pod);

        await Eventually.Until(() => cluster.Get(BuiltinResources.Endpoints, "web"), e => e is not null && e["subsets"] is null, "no endpoint");
    }

    [Fact]
    public async Task A_dependent_whose_owner_reference_changes_to_a_missing_owner_is_collected()
    {
        await using var cluster = await TestCluster.StartAsync();
        var owner = cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "owner" } }""");
        var dependent = cluster.Create(BuiltinResources.ConfigMaps, $$"""
            { "apiVersion": "v1", "kind": "ConfigMap",
              "metadata": { "name": "dependent", "ownerReferences": [ { "apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "{{owner.Uid()}}" } ] } }
            """);

        // A write that leaves the references alone (the garbage collector does not look), then one that names a missing owner.
        dependent["data"] = new JsonObject { ["k"] = "v" };
        dependent = cluster.Update(BuiltinResources.ConfigMaps, dependent);
        cluster.Get(BuiltinResources.ConfigMaps, "dependent").ShouldNotBeNull();
        dependent["metadata"]!["ownerReferences"]![0]!["uid"] = "0c1d0000-0000-4000-8000-000000000000";
        cluster.Update(BuiltinResources.ConfigMaps, dependent);

        await Eventually.Until(() => cluster.Get(BuiltinResources.ConfigMaps, "dependent") is null, "the dependent collected");
        cluster.Get(BuiltinResources.ConfigMaps, "owner").ShouldNotBeNull();
    }

    private static JsonObject Object(string kind, string name, (string Uid, bool Controller) owner) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "ns",
            ["uid"] = $"{name}-uid",
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["name"] = $"{owner.Uid}-name",
                ["uid"] = owner.Uid,
                ["controller"] = owner.Controller,
            }),
        },
    };
}
