using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.ManagedContainers.Validation;
using KubeContainers.Operator.Plans;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Events;
using KubeContainers.Runtime.Status;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Orchestration only: read the ManagedContainer from the cache, validate it, sync each child through the one sync
/// routine, compute the status from what the children report, write it once, and emit Events on transitions.
/// It never writes the spec. The steps live in the partial files beside this one.
/// </summary>
internal sealed partial class ManagedContainerReconciler(
    ManagedContainerCaches caches,
    IChildSynchronizer children,
    IStatusWriter statusWriter,
    IEventRecorder events,
    IKubeClient client,
    OperatorSettings settings,
    PlanResolver plans,
    ManagedContainerMetrics metrics,
    FixedPoints fixedPoints,
    TimeProvider time,
    ILogger<ManagedContainerReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (fixedPoints.Holds(key))
        {
            // Nothing this key's last reconcile read has changed, and that reconcile changed nothing (FixedPoints).
            return ReconcileResult.RequeueAfter(settings.ResyncPeriod);
        }

        fixedPoints.Forget(key);
        var recording = CacheReads.Record();
        (ReconcileResult Result, bool FixedPoint) done;
        using (recording)
        {
            done = await ReconcileReadingAsync(key, recording.Reads, ct).ConfigureAwait(false);
        }

        if (done.FixedPoint)
        {
            fixedPoints.Keep(key, recording.Reads);
        }

        return done.Result;
    }

    /// <returns>The result, and whether the reconcile was a fixed point (<see cref="FixedPoints"/>).</returns>
    private async Task<(ReconcileResult, bool)> ReconcileReadingAsync(ObjectKey key, CacheReads reads, CancellationToken ct)
    {
        // The status this operator wrote last, when the cache does not show it yet (a reconcile right after our write).
        var cached = caches.Containers.Get(key);
        var observed = cached is null ? null : statusWriter.Latest(cached);
        if (observed is null || observed.Metadata.DeletionTimestamp is not null)
        {
            // Children carry owner references: the garbage collector removes them (retained claims carry none).
            return (ReconcileResult.Done, false);
        }

        using var scope = logger.BeginScope("{Namespace}/{Name} generation {Generation}", key.Namespace, key.Name, observed.Metadata.Generation);
        var now = time.GetUtcNow();
        var lookup = plans.For(key.Namespace!);
        var state = NewState(observed, lookup.Plan, now);
        var working = state.Input.Container;

        if (Lifetime.HasExpired(working, now) && Lifetime.OnExpiry(working) == ExpiryActions.Delete)
        {
            await ExpireByDeletingAsync(observed, ct).ConfigureAwait(false);
            return (ReconcileResult.Done, false);
        }

        // Nothing is created or changed for a spec that is refused: what already runs keeps running, and the status
        // copied from the stored one keeps saying so.
        var rollout = Rollout.None;
        state.Status.Plan = lookup.Plan?.Name ?? lookup.MissingName;
        if (lookup.Plan is not { } plan)
        {
            state.Status.MarkPlanNotFound(
                $"namespace {key.Namespace} is on ContainerPlan {lookup.MissingName} (label {V1Alpha1ContainerPlan.NamespaceLabel}), which does not exist: nothing is created or changed until it does",
                now);
        }
        else if (AdmitToPlan(state, plan) is { } refusal)
        {
            state.Status.MarkPlanExceeded(refusal, now);
        }
        else if (SpecValidator.Validate(working, state.Input.Settings, now) is { Count: > 0 } errors)
        {
            state.Status.MarkInvalidSpec(string.Join("; ", errors), now);
        }
        else if (SpecValidator.UnknownSandbox(working, state.Input.Settings) is { } unknownSandbox)
        {
            state.Status.MarkSandboxUnavailable(working.Spec.Sandbox ?? settings.DefaultSandbox, unknownSandbox, now);
        }
        else
        {
            state.Admitted = true;
            rollout = await SyncChildrenAsync(state, ct).ConfigureAwait(false);
        }

        var result = await FinishAsync(state, rollout, ct).ConfigureAwait(false);
        return (result, IsFixedPoint(state, fromCache: ReferenceEquals(observed, cached), reads));
    }

    /// <summary>Whether the reconcile that just finished is one that, given the same reads, would do the same
    /// nothing again (<see cref="FixedPoints"/>).</summary>
    private static bool IsFixedPoint(ReconcileState state, bool fromCache, CacheReads reads) =>
        fromCache && !reads.Wrote && state.Admitted && state.Refused.Count == 0
        && state.RequeueAfter is null && state.Status.IsReady();

    private ReconcileState NewState(V1Alpha1ManagedContainer observed, PlanInForce? plan, DateTimeOffset now)
    {
        // The builders get a copy of the spec, with the plan's defaults, and no status: what they build never
        // depends on what was observed.
        var working = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(KubernetesJson.Serialize(observed));
        working.Status = new ManagedContainerStatus();
        PlanDefaulting.Apply(working.Spec, plan?.Spec.Defaults, observed.Status.Admitted);

        // The stored status is the starting point: each step overwrites what it observes, the rest stays as stored.
        var status = observed.Status.CopyForReconcile();
        status.Checks ??= new StatusChecks();
        status.InitializeConditions(now);
        status.Selector = Labels.SelectorText(observed.Metadata.Name);
        var expiresAt = Lifetime.ExpiresAt(working);
        status.ExpiresAt = expiresAt;
        var expired = expiresAt <= now;
        if (observed.Spec.Stopped == true)
        {
            status.MarkStopped(now);
        }
        else if (expired)
        {
            status.MarkExpired(expiresAt!.Value, now);
        }
        else
        {
            status.MarkNotSuspended(now);
        }

        // Stalled holds only while its cause does: validation or the workload step finds it again in this reconcile
        // (the stored transition time is kept then). A rollback of this generation stays until the spec changes.
        var keptImage = Rollbacks.KeptImage(observed);
        if (keptImage is null)
        {
            status.MarkNotStalled(now);
        }

        var planSettings = plan is null ? settings : PlanSettings.For(settings, plan, observed.Status.Admitted);
        var input = new BuildInput(working, planSettings, Suspended: observed.Spec.Stopped == true || expired, ServingImage: keptImage);
        var state = new ReconcileState(observed, input, status, now);
        if (expiresAt > now)
        {
            state.RequeueWithin(expiresAt.Value - now);
        }

        return state;
    }

    /// <summary>The children in dependency order; each step hands what the next needs (a blocker, whether the
    /// Service is ours) explicitly, and the workload step returns what the Events need.</summary>
    private async Task<Rollout> SyncChildrenAsync(ReconcileState state, CancellationToken ct)
    {
        state.Status.Sandbox = state.Input.Container.Spec.Sandbox ?? settings.DefaultSandbox;
        var runtimeClass = await SyncRuntimeClassAsync(state, ct).ConfigureAwait(false);
        var claims = await SyncClaimsAsync(state, ct).ConfigureAwait(false);
        var networkPolicy = await SyncNetworkPolicyAsync(state, ct).ConfigureAwait(false);
        var serviceNotOwned = await SyncServiceAsync(state, ct).ConfigureAwait(false);
        await SyncLoadBalancerAsync(state, serviceNotOwned, ct).ConfigureAwait(false);
        var files = await SyncFilesAsync(state, ct).ConfigureAwait(false);

        // The latest protecting child that failed speaks for the blocked workload, as before.
        var blocker = networkPolicy ?? claims ?? runtimeClass ?? files;
        var rollout = await SyncWorkloadAsync(state, blocker, ct).ConfigureAwait(false);
        await DeleteUnusedFilesAsync(state, blocker, ct).ConfigureAwait(false);
        await SyncIngressAsync(state, serviceNotOwned, ct).ConfigureAwait(false);
        return rollout;
    }

    private async Task<ReconcileResult> FinishAsync(ReconcileState state, Rollout rollout, CancellationToken ct)
    {
        var status = state.Status;
        var oneShot = state.Observed.Spec.Mode == WorkloadModes.OneShot;
        status.Phase = Phases.Of(status, oneShot);
        if (status.IsReady() && !oneShot && status.Image is not null)
        {
            status.LastHealthyImage = status.Image;
        }

        RolloutHistory.Settle(status, state.Now);
        if (state.Admitted && state.Candidate is { } admitted)
        {
            // A oneShot Job that finished in this very reconcile frees its compute now, not one reconcile later.
            admitted.Running &= !(oneShot && status.Phase is ManagedContainerPhases.Succeeded or ManagedContainerPhases.Failed);
            status.Admitted = admitted;
        }

        if (state.Created.Count > 0)
        {
            // No Event for it: the children show in kubectl describe through their owner references.
            logger.LogDebug("Created {Kinds}", string.Join(", ", state.Created));
        }

        var desired = new V1Alpha1ManagedContainer
        {
            ApiVersion = state.Observed.ApiVersion,
            Kind = state.Observed.Kind,
            Metadata = state.Observed.Metadata,
            Spec = state.Observed.Spec,
            Status = status,
        };
        var wrote = await statusWriter.WriteAsync(state.Observed, desired, ct).ConfigureAwait(false);
        if (wrote)
        {
            // Transitions are told only by a status that really changed. The recorder only queues: no waiting here.
            foreach (var e in TransitionEvents.Between(state.Observed.Status, status, rollout.Deployed, rollout.Restarted))
            {
                await events.RecordAsync(state.Observed, e.Type, e.Reason, e.Message, ct).ConfigureAwait(false);
            }

            foreach (var (reason, message) in state.Warnings)
            {
                await events.RecordAsync(state.Observed, EventTypes.Warning, reason, message, ct).ConfigureAwait(false);
            }
        }

        if (state.Refused.Count > 0)
        {
            // The status says why; failing the reconcile makes the runtime retry the refused writes with back-off.
            throw new ChildWritesRefusedException(state.Refused);
        }

        var resync = state.RequeueAfter is { } soon && soon < settings.ResyncPeriod ? soon : settings.ResyncPeriod;
        return ReconcileResult.RequeueAfter(resync);
    }

    private async Task ExpireByDeletingAsync(V1Alpha1ManagedContainer observed, CancellationToken ct)
    {
        logger.LogInformation("Lifetime over and onExpiry is delete: deleting the ManagedContainer");
        await events.RecordAsync(observed, EventTypes.Normal, "Expired", "lifetime over (spec.lifetime.onExpiry: delete): deleting", ct)
            .ConfigureAwait(false);
        await client.DeleteAsync<V1Alpha1ManagedContainer>(observed.Metadata.Name, observed.Metadata.NamespaceProperty, ct)
            .ConfigureAwait(false);
    }

    private static bool OwnedBy(string uid, k8s.Models.V1ObjectMeta metadata) =>
        metadata.OwnerReferences?.Any(r => r.Controller == true && r.Uid == uid) == true;
}
