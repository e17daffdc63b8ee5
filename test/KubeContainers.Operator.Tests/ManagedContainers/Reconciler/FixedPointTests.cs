using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;
using KubeContainers.Runtime.Controller;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// A reconcile that changed nothing for a Ready container is kept as a fixed point (FixedPoints), and the next
/// reconcile of the key is skipped while every object it read has the same resourceVersion. A skipped reconcile
/// reads no object from the caches (the harness counts what they hand out); anything that changes what the reconcile
/// read makes the next one do the full work, and repair what needs repairing.
/// </summary>
public sealed class FixedPointTests
{
    /// <summary>Ready, with the status stored; the reconcile after it wrote nothing and was kept.</summary>
    private static async Task<Cluster> SettledAsync()
    {
        var c = new Cluster();
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
        await c.Controllers.RolloutDoneAsync();
        await c.Controllers.IngressAddressAsync();
        await c.ReconcileAsync();
        c.Container().Status.IsReady().ShouldBeTrue();
        await c.ReconcileAsync();
        c.FixedPoints.Holds(Objects.Web).ShouldBeTrue("a reconcile that wrote nothing for a Ready container is kept");
        c.Forget();
        return c;
    }

    private static async Task<ReconcileResult> ReconcileCountingReadsAsync(Cluster c, Action<int> reads)
    {
        var result = await c.ReconcileAsync();
        reads(c.HandedOut.Count);
        return result;
    }

    [Fact]
    public async Task Nothing_changed_the_reconcile_is_skipped_and_requeued_at_the_resync_period()
    {
        var c = await SettledAsync();
        c.Time.Advance(TimeSpan.FromMinutes(10));

        var read = -1;
        var result = await ReconcileCountingReadsAsync(c, n => read = n);

        read.ShouldBe(0, "a skipped reconcile unpacks nothing");
        result.RequeueDelay.ShouldBe(c.Settings.ResyncPeriod);
        c.Api.Writes.ShouldBeEmpty();
        c.FixedPoints.Holds(Objects.Web).ShouldBeTrue();
    }

    [Fact]
    public async Task A_child_edited_by_hand_is_repaired()
    {
        var c = await SettledAsync();
        await c.EditAsync<V1Deployment>("web", d => d.Spec.Template.Spec.Containers[0].Image = "evil.example.com/miner:1");
        c.Forget();

        await c.ReconcileAsync();

        c.Api.Writes.ShouldContain("update V1Deployment team-a/web");
        c.Get<V1Deployment>("web").Spec.Template.Spec.Containers[0].Image.ShouldBe(Objects.Image);
    }

    [Fact]
    public async Task A_child_deleted_by_hand_is_created_again()
    {
        var c = await SettledAsync();
        await c.DeleteAsync<V1Service>("web");
        c.Forget();

        await c.ReconcileAsync();

        c.Api.Writes.ShouldContain("create V1Service team-a/web");
        c.FixedPoints.Holds(Objects.Web).ShouldBeFalse("a reconcile that wrote is no fixed point");
    }

    [Fact]
    public async Task A_spec_change_does_the_full_work()
    {
        var c = await SettledAsync();
        await c.EditSpecAsync(s => s.Image = "ghcr.io/acme/web:2.0");
        c.Forget();

        await c.ReconcileAsync();

        c.Get<V1Deployment>("web").Spec.Template.Spec.Containers[0].Image.ShouldBe("ghcr.io/acme/web:2.0");
    }

    [Fact]
    public async Task A_new_pod_is_looked_at()
    {
        var c = await SettledAsync();
        var read = -1;

        // A third pod (of no current ReplicaSet): nothing to write, but the reconcile reads it.
        var pod = c.Get<V1Pod>("web-5d8f7c9b6-0");
        pod.Metadata = new V1ObjectMeta
        {
            Name = "web-5d8f7c9b6-9", NamespaceProperty = pod.Metadata.NamespaceProperty, Labels = pod.Metadata.Labels,
            OwnerReferences = pod.Metadata.OwnerReferences,
        };
        await c.Api.CreateAsync(pod, Cluster.Ct);
        await ReconcileCountingReadsAsync(c, n => read = n);

        read.ShouldBeGreaterThan(0, "the reconcile was not skipped");
    }

    [Fact]
    public async Task A_plan_created_for_the_namespace_is_looked_at()
    {
        var c = await SettledAsync();
        var read = -1;

        // The namespace's default plan appears: it may refuse or default the container differently.
        c.Add(new V1Alpha1ContainerPlan
        {
            ApiVersion = "kubecontainers.io/v1alpha1",
            Kind = V1Alpha1ContainerPlan.KubeKind,
            Metadata = new V1ObjectMeta { Name = c.Settings.DefaultPlan },
            Spec = new ContainerPlanSpec(),
        });
        await ReconcileCountingReadsAsync(c, n => read = n);

        read.ShouldBeGreaterThan(0, "the reconcile was not skipped");
        c.Container().Status.Plan.ShouldBe(c.Settings.DefaultPlan);
    }

    [Fact]
    public async Task A_container_that_is_not_ready_is_never_skipped()
    {
        var c = new Cluster();
        c.Add(Objects.WebApp());
        await c.ReconcileAsync();
        await c.ReconcileAsync();
        c.Container().Status.IsReady().ShouldBeFalse();
        var read = -1;

        // Its pods may come or a deadline pass with no object changing: every reconcile looks.
        await ReconcileCountingReadsAsync(c, n => read = n);

        read.ShouldBeGreaterThan(0);
        c.FixedPoints.Holds(Objects.Web).ShouldBeFalse();
    }

    [Fact]
    public async Task A_container_with_a_lifetime_ahead_is_never_skipped()
    {
        var c = new Cluster();
        c.Add(Objects.WebApp(s => s.Lifetime = new LifetimeSpec { TimeoutSeconds = 7200 }));
        await c.ReconcileAsync();
        await c.Controllers.RolloutDoneAsync();
        await c.Controllers.IngressAddressAsync();
        await c.ReconcileAsync();
        await c.ReconcileAsync();
        c.Container().Status.IsReady().ShouldBeTrue();

        // The expiry is due at a time, not at a change: the clock is no cached object.
        c.FixedPoints.Holds(Objects.Web).ShouldBeFalse();
    }
}
