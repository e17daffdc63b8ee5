using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.ManagedContainers.Validation;
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
    TimeProvider time,
    ILogger<ManagedContainerReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        // The status this operator wrote last, when the cache does not show it yet (a reconcile right after our write).
        var observed = caches.Containers.Get(key) is { } cached ? statusWriter.Latest(cached) : null;
        if (observed is null || observed.Metadata.DeletionTimestamp is not null)
        {
            // Children carry owner references: the garbage collector removes them (retained claims carry none).
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope("{Namespace}/{Name} generation {Generation}", key.Namespace, key.Name, observed.Metadata.Generation);
        var now = time.GetUtcNow();
        var state = NewState(observed, now);

        if (Lifetime.HasExpired(observed, now) && Lifetime.OnExpiry(observed) == ExpiryActions.Delete)
        {
            await ExpireByDeletingAsync(observed, ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var errors = SpecValidator.Validate(observed, settings, now);
        if (errors.Count > 0)
        {
            // Nothing is created or changed for an invalid spec: what already runs keeps running, and so does what
            // the status says of it.
            state.Status.MarkInvalidSpec(string.Join("; ", errors), now);
            KeepServingFacts(observed.Status, state.Status);
        }
        else if (SpecValidator.UnknownSandbox(observed, settings) is { } unknownSandbox)
        {
            state.Status.MarkSandboxUnavailable(observed.Spec.Sandbox ?? settings.DefaultSandbox, unknownSandbox, now);
            KeepServingFacts(observed.Status, state.Status);
        }
        else
        {
            await SyncChildrenAsync(state, ct).ConfigureAwait(false);
        }

        return await FinishAsync(state, ct).ConfigureAwait(false);
    }

    private ReconcileState NewState(V1Alpha1ManagedContainer observed, DateTimeOffset now)
    {
        var working = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(KubernetesJson.Serialize(observed));
        var previous = observed.Status;
        working.Status = new ManagedContainerStatus
        {
            // What is remembered across reconciles; everything else is observed afresh.
            Image = previous.Image,
            LastHealthyImage = previous.LastHealthyImage,
            LastDeployedAt = previous.LastDeployedAt,
            Checks = new StatusChecks(),
        };
        working.Status.InitializeConditions(now);
        var expiresAt = Lifetime.ExpiresAt(observed);
        working.Status.ExpiresAt = expiresAt;
        var expired = expiresAt <= now;
        if (observed.Spec.Stopped == true)
        {
            working.Status.MarkStopped(now);
        }
        else if (expired)
        {
            working.Status.MarkExpired(expiresAt!.Value, now);
        }

        var keptImage = Rollbacks.KeptImage(observed);
        if (keptImage is not null)
        {
            var rolledBack = previous.GetCondition(ConditionTypes.Stalled)!;
            working.Status.MarkRolledBackAgain(rolledBack.Message, now);
        }

        var input = new BuildInput(working, settings, Suspended: observed.Spec.Stopped == true || expired, ServingImage: keptImage);
        var state = new ReconcileState(observed, input, now);
        if (expiresAt > now)
        {
            state.RequeueWithin(expiresAt.Value - now);
        }

        return state;
    }

    private async Task SyncChildrenAsync(ReconcileState state, CancellationToken ct)
    {
        state.Status.Sandbox = state.Observed.Spec.Sandbox ?? settings.DefaultSandbox;
        await SyncRuntimeClassAsync(state, ct).ConfigureAwait(false);
        await SyncClaimsAsync(state, ct).ConfigureAwait(false);
        await SyncNetworkPolicyAsync(state, ct).ConfigureAwait(false);
        await SyncServiceAsync(state, ct).ConfigureAwait(false);
        await SyncLoadBalancerAsync(state, ct).ConfigureAwait(false);
        await SyncFilesAsync(state, ct).ConfigureAwait(false);
        await SyncWorkloadAsync(state, ct).ConfigureAwait(false);
        await DeleteUnusedFilesAsync(state, ct).ConfigureAwait(false);
        await SyncIngressAsync(state, ct).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> FinishAsync(ReconcileState state, CancellationToken ct)
    {
        var status = state.Status;
        var oneShot = state.Observed.Spec.Mode == WorkloadModes.OneShot;
        status.Phase = Phases.Of(status, oneShot);
        if (status.IsReady() && !oneShot && status.Image is not null)
        {
            status.LastHealthyImage = status.Image;
        }

        if (state.Created.Count > 0)
        {
            // No Event for it: the children show in kubectl describe through their owner references.
            logger.LogDebug("Created {Kinds}", string.Join(", ", state.Created));
        }

        var wrote = await statusWriter.WriteAsync(state.Observed, state.Input.Container, ct).ConfigureAwait(false);
        if (wrote)
        {
            // Transitions are told only by a status that really changed. The recorder only queues: no waiting here.
            foreach (var e in TransitionEvents.Between(state.Observed.Status, status, state.Deployed, state.Restarted))
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

    private static void KeepServingFacts(ManagedContainerStatus previous, ManagedContainerStatus status)
    {
        (status.Url, status.InternalUrl, status.Addresses, status.Sandbox, status.RuntimeClassName) =
            (previous.Url, previous.InternalUrl, previous.Addresses, previous.Sandbox, previous.RuntimeClassName);
        if (previous.Replicas is { } replicas)
        {
            status.PropagateReplicas(replicas, previous.ReadyReplicas ?? 0);
        }
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
