using k8s.Models;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <summary>
    /// The ConfigMap of the inline files, written before the workload so new pods find their content. When no inline
    /// file remains it is deleted only after the workload (<see cref="DeleteUnusedFilesAsync"/>): pods of the old
    /// template may still be starting and would wait on a missing ConfigMap.
    /// </summary>
    /// <returns>What blocks the workload when the ConfigMap is missing or not ours; null otherwise.</returns>
    private async Task<WorkloadBlocker?> SyncFilesAsync(ReconcileState state, CancellationToken ct)
    {
        if (FilesResource.ConfigMap(state.Input) is not { } desired)
        {
            return null;
        }

        var name = desired.Metadata.Name;
        var result = await children.SyncAsync(new ObjectKey(state.Namespace, name), desired, Owned<V1ConfigMap>(state), ct).ConfigureAwait(false);
        Note(state, result, "ConfigMap");
        if (Refused(state, result, "ConfigMap", name, null))
        {
            if (result.Current is null)
            {
                // Without it the new pods would wait on a ConfigMap that is not there.
                return new WorkloadBlocker($"ConfigMap {name} of spec.files could not be created", state.Warnings[^1].Reason);
            }

            return null;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            // Mounting someone else's ConfigMap would put their data into this container's files.
            return new WorkloadBlocker($"ConfigMap {name} of spec.files is not ours");
        }

        return null;
    }

    private async Task DeleteUnusedFilesAsync(ReconcileState state, WorkloadBlocker? blocker, CancellationToken ct)
    {
        if (FilesResource.ConfigMap(state.Input) is not null || blocker is not null)
        {
            return;
        }

        var name = Names.FilesConfigMap(state.Name);
        Refused(state, await children.SyncAsync<V1ConfigMap>(new ObjectKey(state.Namespace, name), null, Owned<V1ConfigMap>(state), ct)
            .ConfigureAwait(false), "ConfigMap", name, null);
    }
}
