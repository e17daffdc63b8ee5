using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>Stopped and expired: scaled to zero with everything kept; or, on expiry with delete, gone.</summary>
public sealed class SuspensionRows
{
    /// <summary>Created 55 minutes before the clock's start with a one-hour lifetime: five minutes left.</summary>
    private static V1Alpha1ManagedContainer ExpiringWebApp(string onExpiry) =>
        Objects.WebApp(s => s.Lifetime = new LifetimeSpec { TimeoutSeconds = 3600, OnExpiry = onExpiry }, Cluster.Start.AddMinutes(-55));

    private static readonly Table Rows = new(
        new Row("stopped: the Deployment goes to zero replicas, everything else stays")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.Controllers.RolloutDoneAsync();
                await c.Controllers.IngressAddressAsync();
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Stopped = true);
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Stopped,
            Ready = "False Stopped",
            Conditions = ["Suspended True Stopped", "Stalled False NotStalled"],
            Url = Objects.WebUrl,
            // Not a Warning: stopping was asked for.
            Events = ["Normal Stopped: scaled to zero (spec.stopped); configuration and volumes kept"],
            Then = c =>
            {
                c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(0);
                c.Get<V1Service>("web").ShouldNotBeNull();
                c.Get<V1Ingress>("web").ShouldNotBeNull();
                c.Container().Status.ObservedGeneration.ShouldBe(2);
            },
        },
        new Row("started again after a stop: replicas back and Started announced")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp(s => s.Stopped = true));
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Stopped = false);
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Deploying,
            Conditions = ["Suspended False Active"],
            Events = ["Normal Started: scaling up again"],
            Then = c => c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(2),
        },
        new Row("lifetime not over: requeued for the moment it ends, not at the next resync")
        {
            Given = c => Task.FromResult(c.Add(ExpiringWebApp(ExpiryActions.Stop))),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Deploying,
            Conditions = ["Suspended False Active"],
            Events = [],
            Requeue = TimeSpan.FromMinutes(5),
            Then = c => c.Container().Status.ExpiresAt.ShouldBe(Cluster.Start.AddMinutes(5)),
        },
        new Row("lifetime over with onExpiry stop: zero replicas, phase Expired")
        {
            Given = async c =>
            {
                c.Add(ExpiringWebApp(ExpiryActions.Stop));
                await c.ReconcileAsync();
                c.Time.Advance(TimeSpan.FromMinutes(5));
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Expired,
            Ready = "False Expired",
            Conditions = ["Suspended True Expired"],
            Events = ["Normal Expired: expired at 2025-06-01T12:05:00Z (spec.lifetime); scaled to zero with configuration and volumes kept"],
            // Nothing is due any more but the periodic resync.
            Requeue = Row.Resync,
            Then = c =>
            {
                c.Get<V1Deployment>("web").Spec.Replicas.ShouldBe(0);
                c.Get<V1Service>("web").ShouldNotBeNull();
            },
        },
        new Row("lifetime over with onExpiry delete: the ManagedContainer is deleted, nothing else is written")
        {
            Given = async c =>
            {
                c.Add(ExpiringWebApp(ExpiryActions.Delete));
                await c.ReconcileAsync();
                c.Time.Advance(TimeSpan.FromMinutes(5));
            },
            // The children go with it through their owner references (the garbage collector's job).
            Writes = ["delete V1Alpha1ManagedContainer team-a/web"],
            Events = ["Normal Expired: lifetime over (spec.lifetime.onExpiry: delete): deleting"],
            Requeue = null,
            Then = c => c.Find<V1Alpha1ManagedContainer>("web").ShouldBeNull(),
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
