using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>One claim per volume. A retained claim outlives the container: no owner reference, a retain label.</summary>
public sealed class VolumeRows
{
    private static VolumeSpec Data => new() { Name = "data", MountPath = "/data", Size = "1Gi", Retain = true };

    private static VolumeSpec Cache => new() { Name = "cache", MountPath = "/cache", Size = "1Gi" };

    private static V1Alpha1ManagedContainer WithVolumes(params VolumeSpec[] volumes) => Objects.WebApp(s => s.Volumes = volumes);

    private static async Task CreatedWith(Cluster c, params VolumeSpec[] volumes)
    {
        c.Add(WithVolumes(volumes));
        await c.ReconcileAsync();
    }

    private static readonly Table Rows = new(
        new Row("volumes: one claim each; the retained one carries no owner reference and the retain label")
        {
            Given = c => Task.FromResult(c.Add(WithVolumes(Data, Cache))),
            // Claims before the workload that mounts them.
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1PersistentVolumeClaim team-a/web-data",
                "create V1PersistentVolumeClaim team-a/web-cache",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            // Nothing binds claims in the fake: waiting, not failing.
            Ready = "Unknown Pending",
            Conditions = ["VolumesBound Unknown Pending"],
            Events = [],
            Then = c =>
            {
                var retained = c.Get<V1PersistentVolumeClaim>("web-data");
                retained.Metadata.OwnerReferences.ShouldBeNull();
                retained.Metadata.Labels[Labels.Retain].ShouldBe("true");
                var owned = c.Get<V1PersistentVolumeClaim>("web-cache");
                owned.Metadata.OwnerReferences.Single().Uid.ShouldBe("uid-team-a-web");
                owned.Metadata.Labels.ShouldNotContainKey(Labels.Retain);
            },
        },
        new Row("volumes removed from the spec: the claim goes, the retained claim stays")
        {
            Given = async c =>
            {
                await CreatedWith(c, Data, Cache);
                await c.EditSpecAsync(s => s.Volumes = null);
            },
            // The Deployment changes too: no volume mounts, and rolling again instead of Recreate.
            Writes =
            [
                "delete V1PersistentVolumeClaim team-a/web-cache",
                "update V1Deployment team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Conditions = ["VolumesBound True NotRequired"],
            Events = ["Normal Deployed: deploying *"],
            Then = c =>
            {
                c.Find<V1PersistentVolumeClaim>("web-cache").ShouldBeNull();
                c.Get<V1PersistentVolumeClaim>("web-data").Metadata.Labels[Labels.Retain].ShouldBe("true");
                c.Get<V1Deployment>("web").Spec.Template.Spec.Volumes.ShouldBeNull();
            },
        },
        new Row("retain turned on: the claim loses its owner reference and gains the label, nothing else changes")
        {
            Given = async c =>
            {
                await CreatedWith(c, Cache);
                await c.EditSpecAsync(s => s.Volumes![0].Retain = true);
            },
            // The status is written for the new observedGeneration only.
            Writes = ["update V1PersistentVolumeClaim team-a/web-cache", "status V1Alpha1ManagedContainer team-a/web"],
            Events = [],
            Then = c =>
            {
                var claim = c.Get<V1PersistentVolumeClaim>("web-cache");
                claim.Metadata.OwnerReferences.ShouldBeNull();
                claim.Metadata.Labels[Labels.Retain].ShouldBe("true");
                c.Container().Status.ObservedGeneration.ShouldBe(2);
            },
        },
        new Row("claims bound: VolumesBound, and the binder's spec.volumeName is not fought over")
        {
            Given = async c =>
            {
                await CreatedWith(c, Data, Cache);
                await c.Controllers.ClaimsBoundAsync();
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Conditions = ["VolumesBound True Bound"],
            Checks = "networkConfigured, sandboxAvailable, urlAssigned, volumesBound",
            Events = [],
        },
        new Row("bound claims in a steady state write nothing")
        {
            Given = async c =>
            {
                await CreatedWith(c, Data, Cache);
                await c.Controllers.ClaimsBoundAsync();
                await c.ReconcileAsync();
            },
            Writes = [],
            Conditions = ["VolumesBound True Bound"],
            Events = [],
        },
        new Row("a container deleted and created again under the same name adopts its retained claim, data and all")
        {
            Given = async c =>
            {
                await CreatedWith(c, Data, Cache);
                await c.DeleteContainerAsync(Objects.Web);
                var again = WithVolumes(Data, Cache);
                again.Metadata.Uid = "uid-team-a-web-again";
                c.Add(again);
            },
            // web-data is taken as it is (no write); web-cache went with the old container and is made anew.
            Writes =
            [
                "create V1PersistentVolumeClaim team-a/web-cache",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Conditions = ["VolumesBound Unknown Pending"],
            Events = [],
            Then = c => c.Get<V1PersistentVolumeClaim>("web-data").Metadata.OwnerReferences.ShouldBeNull(),
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
