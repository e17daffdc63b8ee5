using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.ManagedContainers.Status;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <summary>The RuntimeClass is shared by every container of the profile, so it is ours when it carries our
    /// managed-by label, not an owner reference; an admin's object of the same name is never touched.</summary>
    private static readonly ChildSyncOptions<V1RuntimeClass> RuntimeClassSync = new()
    {
        IsOwned = rc => rc.Metadata.Labels?.TryGetValue(Labels.ManagedBy, out var by) == true && by == Labels.ManagedByValue,
        RequiresRecreate = (have, want) => have.Handler != want.Handler,
    };

    /// <returns>What blocks the workload when the RuntimeClass of our name is someone else's; null otherwise.</returns>
    private async Task<WorkloadBlocker?> SyncRuntimeClassAsync(ReconcileState state, CancellationToken ct)
    {
        var profile = SandboxSelection.Profile(state.Input);
        var desired = RuntimeClassResource.Make(profile);
        if (desired is null)
        {
            state.Status.RuntimeClassName = null;
            state.Status.MarkNotRequired(ConditionTypes.RuntimeClassAvailable, state.Now);
            state.Status.Checks!.SandboxAvailable = true;
            return null;
        }

        state.Status.RuntimeClassName = desired.Metadata.Name;
        state.Status.Checks!.SandboxAvailable = false;
        var result = await children.SyncAsync(new ObjectKey(null, desired.Metadata.Name), desired, RuntimeClassSync, ct).ConfigureAwait(false);
        if (Refused(state, result, "RuntimeClass", desired.Metadata.Name, ConditionTypes.RuntimeClassAvailable))
        {
            return null;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.MarkSandboxUnavailable(
                profile.Name,
                $"RuntimeClass {desired.Metadata.Name} exists and is not managed by KubeContainers (label {Labels.ManagedBy}={Labels.ManagedByValue}); it is left alone",
                state.Now);
            return new WorkloadBlocker($"RuntimeClass {desired.Metadata.Name} is not managed by KubeContainers");
        }

        if (SandboxDiagnosis.FromNodes(profile.Handler, caches.Nodes.List()) is { } noNode)
        {
            state.Status.MarkSandboxUnavailable(profile.Name, SandboxDiagnosis.Advice(profile.Handler, noNode), state.Now);
            return null;
        }

        state.Status.MarkRuntimeClassAvailable(state.Now);
        state.Status.Checks!.SandboxAvailable = true;
        return null;
    }
}
