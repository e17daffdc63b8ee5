using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Cluster;

[ClusterTest]
public sealed class GarbageCollectionTests
{
    private static async Task<TestCluster> WithRunningDeploymentAsync()
    {
        var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx", replicas: 2));
        await Eventually.Until(() => cluster.PodsWithLabel("app", "web").Count(p => TestCluster.Condition(p, "Ready") == "True") == 2, "two ready pods");
        return cluster;
    }

    [Fact]
    public async Task Background_deletion_removes_the_owner_at_once_and_its_dependents_after()
    {
        await using var cluster = await WithRunningDeploymentAsync();

        cluster.Delete(BuiltinResources.Deployments, "web").Removed.ShouldBeTrue();

        await Eventually.Until(() => cluster.List(BuiltinResources.ReplicaSets).Count == 0 && cluster.PodsWithLabel("app", "web").Count == 0, "the replica set and pods gone");
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_dependents_are_gone()
    {
        await using var cluster = await WithRunningDeploymentAsync();

        var result = cluster.Delete(BuiltinResources.Deployments, "web", "Foreground");

        result.Removed.ShouldBeFalse();
        result.Object.Finalizers().ShouldContain("foregroundDeletion");
        await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web") is null, "the deployment gone");
        cluster.List(BuiltinResources.ReplicaSets).ShouldBeEmpty();
        cluster.PodsWithLabel("app", "web").ShouldBeEmpty();
    }

    [Fact]
    public async Task Orphan_deletion_leaves_the_dependents_without_the_owner_reference()
    {
        await using var cluster = await WithRunningDeploymentAsync();

        cluster.Delete(BuiltinResources.Deployments, "web", "Orphan");

        await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web") is null, "the deployment gone");
        var rs = cluster.List(BuiltinResources.ReplicaSets).ShouldHaveSingleItem();
        rs.Metadata()["ownerReferences"].ShouldBeNull();
        cluster.PodsWithLabel("app", "web").Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_deleted_namespace_is_emptied_then_removed()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Namespaces, """{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "team-a" } }""");
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx", replicas: 1), ns: "team-a");
        cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "settings" }, "data": { "a": "b" } }""", ns: "team-a");
        await Eventually.Until(() => cluster.PodsWithLabel("app", "web", "team-a").Count == 1, "a pod in the namespace");

        cluster.Delete(BuiltinResources.Namespaces, "team-a").Removed.ShouldBeFalse();

        await Eventually.Until(() => cluster.Get(BuiltinResources.Namespaces, "team-a") is null, "the namespace gone");
        cluster.List(BuiltinResources.Pods, "team-a").ShouldBeEmpty();
        cluster.List(BuiltinResources.ConfigMaps, "team-a").ShouldBeEmpty();
    }
}
