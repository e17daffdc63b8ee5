using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Storage;

[ClusterTest]
public sealed class PersistentVolumeClaimTests
{
    [Fact]
    public async Task A_claim_binds_when_its_storage_class_exists_and_waits_when_it_does_not()
    {
        await using var cluster = await TestCluster.StartAsync();
        var claim = cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "data" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "2Gi" } } } }
            """);
        cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "fast" },
              "spec": { "storageClassName": "premium-ssd", "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }
            """);

        claim["spec"]!["storageClassName"]!.ToString().ShouldBe("standard");
        claim["spec"]!["volumeMode"]!.ToString().ShouldBe("Filesystem");

        // kind's standard class is WaitForFirstConsumer: the claim binds once a pod using it is scheduled.
        await Eventually.Until(() => cluster.EventsFor("data", "WaitForFirstConsumer").Count > 0, "waiting for a consumer");
        cluster.Get(BuiltinResources.PersistentVolumeClaims, "data")!["status"]!["phase"]!.ToString().ShouldBe("Pending");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("consumer", "nginx", extraSpec: """ "volumes": [ { "name": "data", "persistentVolumeClaim": { "claimName": "data" } } ], """));
        var bound = await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data"),
            c => c?["status"]?["phase"]?.ToString() == "Bound", "a bound claim");
        bound!["status"]!["capacity"]!["storage"]!.ToString().ShouldBe("2Gi");
        var volumeName = bound["spec"]!["volumeName"]!.ToString();
        volumeName.ShouldBe($"pvc-{claim.Uid()}");
        cluster.Get(BuiltinResources.PersistentVolumes, volumeName)!["spec"]!["claimRef"]!["name"]!.ToString().ShouldBe("data");

        var pending = await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "fast"),
            c => c?["status"]?["phase"]?.ToString() == "Pending", "a pending claim");
        pending!["spec"]!["volumeName"].ShouldBeNull();
        var failed = cluster.EventsFor("fast", "ProvisioningFailed").ShouldHaveSingleItem();
        failed["type"]!.ToString().ShouldBe("Warning");
        failed["message"]!.ToString().ShouldBe("storageclass.storage.k8s.io \"premium-ssd\" not found");

        cluster.Create(BuiltinResources.StorageClasses, """
            { "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": { "name": "premium-ssd" }, "provisioner": "example.com/ssd", "volumeBindingMode": "Immediate" }
            """);
        await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "fast")?["status"]?["phase"]?.ToString() == "Bound", "bound once the class exists");
    }
}
