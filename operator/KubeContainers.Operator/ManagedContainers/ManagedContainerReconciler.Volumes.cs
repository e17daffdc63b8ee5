using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <returns>What blocks the workload when a claim of our name is someone else's; null otherwise.</returns>
    private async Task<WorkloadBlocker?> SyncClaimsAsync(ReconcileState state, CancellationToken ct)
    {
        var desired = ClaimResource.Make(state.Input);
        var options = new ChildSyncOptions<V1PersistentVolumeClaim>
        {
            // A retained claim has no owner reference; our labels on it let a re-created container of the same
            // name adopt it, data and all.
            IsOwned = c => OwnedBy(state.Uid, c.Metadata) || IsRetainedFor(state.Name, c.Metadata),
            Preserve = KeepClaimSpec,
        };

        var pending = new List<string>();
        var held = new List<string>();
        var refused = false;
        foreach (var claim in desired)
        {
            var key = new ObjectKey(state.Namespace, claim.Metadata.Name);
            if (caches.Claims.Get(key) is { } existing && ClaimGrowth.Hold(existing, claim, caches.StorageClasses.List()) is { } why)
            {
                held.Add(why);
            }

            var result = await children.SyncAsync(key, claim, options, ct).ConfigureAwait(false);
            Note(state, result, "PersistentVolumeClaim");
            if (Refused(state, result, "PersistentVolumeClaim", claim.Metadata.Name, null))
            {
                // Reported below; the other claims and children still go ahead.
                refused = true;
                continue;
            }

            if (result.Outcome == ChildSyncOutcome.NotOwned)
            {
                state.Status.MarkVolumesNotBound(
                    ConditionReasons.NotOwned,
                    $"there is an existing PersistentVolumeClaim {claim.Metadata.Name} that this ManagedContainer does not own",
                    state.Now);
                return new WorkloadBlocker($"PersistentVolumeClaim {claim.Metadata.Name} is not ours");
            }

            if (result.Current?.Status?.Phase != "Bound")
            {
                pending.Add(claim.Metadata.Name);
            }
        }

        await DeleteDroppedClaimsAsync(state, desired, ct).ConfigureAwait(false);
        foreach (var why in held)
        {
            state.Warnings.Add((ClaimGrowth.EventReason, why));
        }

        var note = held.Count > 0 ? "; " + string.Join("; ", held) : "";
        if (desired.Count == 0)
        {
            state.Status.MarkNotRequired(ConditionTypes.VolumesBound, state.Now);
        }
        else if (refused)
        {
            var last = state.Warnings.Last(w => w.Reason != ClaimGrowth.EventReason);
            state.Status.MarkChildRefused(ConditionTypes.VolumesBound, last.Reason, last.Message + note, state.Now);
        }
        else if (pending.Count > 0)
        {
            state.Status.MarkVolumesPending($"waiting for PersistentVolumeClaim {string.Join(", ", pending)} to be bound{note}", state.Now);
        }
        else
        {
            state.Status.MarkVolumesBound(held.Count == 0 ? string.Empty : string.Join("; ", held), state.Now);
        }

        state.Status.Checks!.VolumesBound = desired.Count == 0 || (pending.Count == 0 && !refused);
        return null;
    }

    /// <summary>Claims of volumes removed from the spec go, unless retained.</summary>
    private async Task DeleteDroppedClaimsAsync(ReconcileState state, IReadOnlyList<V1PersistentVolumeClaim> desired, CancellationToken ct)
    {
        var wanted = desired.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        var ownedOnly = new ChildSyncOptions<V1PersistentVolumeClaim> { IsOwned = c => OwnedBy(state.Uid, c.Metadata) };
        foreach (var claim in caches.Claims.ListByLabel(Labels.Container, state.Name))
        {
            if (claim.Metadata.NamespaceProperty == state.Namespace && !wanted.Contains(claim.Metadata.Name))
            {
                Refused(state, await children.SyncAsync<V1PersistentVolumeClaim>(ObjectKey.From(claim), null, ownedOnly, ct).ConfigureAwait(false),
                    "PersistentVolumeClaim", claim.Metadata.Name, null);
            }
        }
    }

    private static bool IsRetainedFor(string containerName, V1ObjectMeta metadata) =>
        metadata.Labels is { } labels
        && labels.TryGetValue(Labels.Retain, out var retain) && retain == "true"
        && labels.TryGetValue(Labels.Container, out var name) && name == containerName
        && labels.TryGetValue(Labels.ManagedBy, out var by) && by == Labels.ManagedByValue;

    /// <summary>A claim's spec cannot change after creation except to grow: keep it, and grow the request. The kept
    /// spec is a copy: <paramref name="have"/> is the cache's shared instance.</summary>
    private static void KeepClaimSpec(V1PersistentVolumeClaim have, V1PersistentVolumeClaim update)
    {
        var wanted = Storage(update);
        update.Spec = KubernetesJson.Deserialize<V1PersistentVolumeClaimSpec>(KubernetesJson.Serialize(have.Spec));
        var current = Storage(have);
        if (wanted is not null && (current is null || wanted.ToDecimal() > current.ToDecimal()))
        {
            update.Spec.Resources ??= new V1VolumeResourceRequirements();
            update.Spec.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
            update.Spec.Resources.Requests["storage"] = wanted;
        }
    }

    private static ResourceQuantity? Storage(V1PersistentVolumeClaim claim) =>
        claim.Spec.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var size) ? size : null;

    private static void Note<T>(ReconcileState state, ChildSyncResult<T> result, string kind)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        if (result.Outcome == ChildSyncOutcome.Created)
        {
            state.Created.Add(kind);
        }
    }
}
