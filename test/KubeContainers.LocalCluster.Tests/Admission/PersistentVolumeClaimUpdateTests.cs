using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Controllers;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>PersistentVolumeClaim updates: an immutable spec but for a bound claim's request, growth only where the class allows it.</summary>
[ClusterTest]
public sealed class PersistentVolumeClaimUpdateTests
{
    private const string Immutable = "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

    private static void StorageClass(TestCluster cluster, string name, string bindingMode, bool expandable) =>
        cluster.Create(BuiltinResources.StorageClasses, $$"""
            { "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": { "name": "{{name}}" }, "provisioner": "rancher.io/local-path",
              "volumeBindingMode": "{{bindingMode}}", "allowVolumeExpansion": {{(expandable ? "true" : "false")}} }
            """);

    private static JsonObject Claim(TestCluster cluster, string name, string storageClass, string size = "1Gi") =>
        cluster.Create(BuiltinResources.PersistentVolumeClaims, $$"""
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "{{name}}" },
              "spec": { "storageClassName": "{{storageClass}}", "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "{{size}}" } } } }
            """);

    private static Task<JsonObject?> BoundAsync(TestCluster cluster, string name) =>
        Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, name), c => c?["status"]?["phase"]?.ToString() == "Bound", $"{name} bound");

    private static JsonObject WithSize(JsonObject claim, string size)
    {
        claim["spec"]!["resources"]!["requests"]!["storage"] = size;
        return claim;
    }

    [Fact]
    public async Task A_bound_claim_grows_when_its_class_allows_expansion_and_never_shrinks()
    {
        await using var cluster = await TestCluster.StartAsync();
        StorageClass(cluster, "expandable", "Immediate", expandable: true);
        Claim(cluster, "data", "expandable");
        var bound = (await BoundAsync(cluster, "data"))!;

        cluster.Update(BuiltinResources.PersistentVolumeClaims, WithSize(bound, "2Gi"));

        var resized = await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data"),
            c => c?["status"]?["capacity"]?["storage"]?.ToString() == "2Gi", "the claim resized");
        var shrink = Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.PersistentVolumeClaims, WithSize(resized!, "1Gi")));
        shrink.Code.ShouldBe(422);
        shrink.Message.ShouldBe("PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value");
        cluster.Get(BuiltinResources.PersistentVolumes, resized!["spec"]!["volumeName"]!.ToString())!["spec"]!["capacity"]!["storage"]!.ToString().ShouldBe("2Gi");
    }

    [Fact]
    public async Task Growth_is_refused_where_the_class_does_not_allow_expansion()
    {
        await using var cluster = await TestCluster.StartAsync();
        StorageClass(cluster, "fixed", "Immediate", expandable: false);
        Claim(cluster, "data", "fixed");
        var bound = (await BoundAsync(cluster, "data"))!;

        var error = Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.PersistentVolumeClaims, WithSize(bound, "2Gi")));

        error.Code.ShouldBe(403);
        error.Message.ShouldBe("persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
    }

    [Fact]
    public async Task An_unbound_claims_spec_is_immutable_even_its_size()
    {
        await using var cluster = await TestCluster.StartAsync();
        StorageClass(cluster, "later", "WaitForFirstConsumer", expandable: true);
        var claim = Claim(cluster, "data", "later");
        claim = (await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data"), c => c?["status"]?["phase"]?.ToString() == "Pending", "pending"))!;

        var grow = Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.PersistentVolumeClaims, WithSize(claim.DeepClone().AsObject(), "2Gi")));
        grow.Code.ShouldBe(422);
        grow.Message.ShouldBe($"PersistentVolumeClaim \"data\" is invalid: {Immutable}");

        var modes = claim.DeepClone().AsObject();
        modes["spec"]!["accessModes"] = new JsonArray("ReadWriteMany");
        modes["spec"]!["volumeMode"] = "Block";
        Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.PersistentVolumeClaims, modes)).Message
            .ShouldBe($"PersistentVolumeClaim \"data\" is invalid: [{Immutable}, volumeMode: Invalid value: \"Block\": field is immutable]");

        // Labels and annotations stay writable.
        claim["metadata"]!["labels"] = new JsonObject { ["team"] = "a" };
        cluster.Update(BuiltinResources.PersistentVolumeClaims, claim);
    }
}

/// <summary>The kubernetes.io/pvc-protection finalizer: a deleted claim stays while a running pod uses it.</summary>
public sealed class PvcProtectionTests
{
    [Fact]
    public async Task A_deleted_claim_stays_while_a_pod_uses_it_and_goes_with_the_pod()
    {
        await using var cluster = await TestCluster.StartAsync();
        var claim = cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "data" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }
            """);
        claim["metadata"]!["finalizers"]!.ToJsonString().ShouldBe("""["kubernetes.io/pvc-protection"]""");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("user", "nginx", extraSpec: """
            "volumes": [ { "name": "data", "persistentVolumeClaim": { "claimName": "data" } } ],
            """));
        await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "user")?["status"]?["phase"]?.ToString() == "Running", "the pod running");
        await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data")?["status"]?["phase"]?.ToString() == "Bound", "the claim bound");

        cluster.Delete(BuiltinResources.PersistentVolumeClaims, "data").Removed.ShouldBeFalse();

        var held = cluster.Get(BuiltinResources.PersistentVolumeClaims, "data")!;
        held["metadata"]!["deletionTimestamp"].ShouldNotBeNull();
        held["status"]!["phase"]!.ToString().ShouldBe("Bound");
        cluster.Delete(BuiltinResources.Pods, "user");
        await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data") is null, "the claim released once the pod is gone");
    }

    [Fact]
    public async Task An_unused_claim_goes_at_once()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "idle" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }
            """);

        cluster.Delete(BuiltinResources.PersistentVolumeClaims, "idle");

        await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "idle") is null, "the unused claim gone");
    }
}
