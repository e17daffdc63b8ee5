using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// The operator's caches hand out their own instances, shared by every reader (no copy per read), so a reconcile
/// must never change an object it read. <see cref="Cluster.ReconcileAsync"/> checks that after every reconcile of
/// every row; these scenarios walk through the paths that touch cached objects most (rollout, claims kept and
/// grown, a Job, an invalid spec) and show the check sees what was read.
/// </summary>
public sealed class CacheSharingTests
{
    public static TheoryData<string> Scenarios => new(Walks.Keys);

    private static readonly Dictionary<string, Func<Cluster, Task>> Walks = new()
    {
        ["rolled out, published, then a new image and a restart"] = async c =>
        {
            c.Add(Objects.WebApp());
            await c.ReconcileAsync();
            await c.Controllers.RolloutDoneAsync();
            await c.Controllers.IngressAddressAsync();
            await c.ReconcileAsync();
            await c.EditSpecAsync(s => (s.Image, s.RestartedAt) = ("ghcr.io/acme/web:2.0", Cluster.Start.AddMinutes(1)));
            await c.ReconcileAsync();
        },
        ["a claim bound, then grown: its spec is kept and only the request grows"] = async c =>
        {
            c.Add(Objects.WebApp(s => s.Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi" }]));
            await c.ReconcileAsync();
            await c.Controllers.ClaimsBoundAsync();
            await c.ReconcileAsync();
            await c.EditSpecAsync(s => s.Volumes![0].Size = "5Gi");
            await c.ReconcileAsync();
            var claim = c.Get<V1PersistentVolumeClaim>("web-data");
            claim.Spec.Resources.Requests["storage"].ToString().ShouldBe("5Gi");
            claim.Spec.VolumeName.ShouldNotBeNull();
        },
        ["a one-shot Job run to its end"] = async c =>
        {
            c.Add(Objects.OneShot());
            await c.ReconcileAsync();
            await c.Controllers.JobSucceededAsync();
            await c.ReconcileAsync();
        },
        ["an invalid spec keeps what runs"] = async c =>
        {
            c.Add(Objects.WebApp());
            await c.ReconcileAsync();
            await c.EditSpecAsync(s => s.Port = 70000);
            await c.ReconcileAsync();
        },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_reconcile_never_changes_an_object_read_from_a_cache(string scenario)
    {
        var cluster = new Cluster();

        // Each ReconcileAsync compares every object handed out with its JSON at the time it was read.
        await Walks[scenario](cluster);

        cluster.HandedOut.Count.ShouldBeGreaterThan(0, "the last reconcile read from the caches");
        cluster.HandedOut.Changed().ShouldBeEmpty();
    }
}
