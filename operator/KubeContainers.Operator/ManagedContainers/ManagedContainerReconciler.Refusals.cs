using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Status;
using KubeContainers.Runtime.Children;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <summary>
    /// True when the API server refused the child's write: the cause goes to <paramref name="conditionType"/> (when
    /// given) and to a Warning Event, and the reconcile goes on with the other children; <see cref="FinishAsync"/>
    /// then fails it, after writing the status, so the write is retried with back-off.
    /// </summary>
    private bool Refused<T>(ReconcileState state, ChildSyncResult<T> result, string kind, string name, string? conditionType)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta>
    {
        if (result.Outcome != ChildSyncOutcome.Refused)
        {
            return false;
        }

        var refusal = result.Refusal!;
        var (reason, detail) = Refusals.Classify(refusal.Message) ?? (
            refusal.StatusCode == System.Net.HttpStatusCode.Forbidden ? ConditionReasons.Forbidden : ConditionReasons.AdmissionRefused,
            Refusals.Detail(refusal.Message));
        var message = $"the API server refused to write {kind} {name}: {detail}";
        if (conditionType is not null)
        {
            state.Status.MarkChildRefused(conditionType, reason, message, state.Now);
        }

        metrics.Refused(state.Observed.Metadata.NamespaceProperty, reason);
        state.Refused.Add(message);
        state.Warnings.Add((reason, message));
        return true;
    }
}
