using KubeContainers.Api;
using KubeContainers.Operator.Plans;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <summary>
    /// The plan step: the per-container rules, then the namespace totals. Returns why the container must wait (reason
    /// PlanExceeded), or null when it fits; <see cref="ReconcileState.Candidate"/> is then what the plan admits.
    /// </summary>
    private string? AdmitToPlan(ReconcileState state, PlanInForce plan)
    {
        var container = state.Input.Container;
        var admitted = state.Observed.Status.Admitted;
        var candidate = Footprints.Of(container, state.Input.Settings, Running(state.Observed, state.Input.Suspended));
        state.Candidate = candidate;
        var broken = PlanRules.Check(plan, candidate, admitted, container.Spec);
        if (broken.Count > 0)
        {
            return string.Join("; ", broken);
        }

        if (plan.Spec.Totals is null)
        {
            return null;
        }

        var ns = state.Observed.Metadata.NamespaceProperty;
        var self = new TotalsEntry(state.Name, state.Observed.Metadata.CreationTimestamp, admitted, candidate);
        return NamespaceTotals.Refusal(plan, ns, self, Others(state, plan));
    }

    /// <summary>The namespace's other containers as the totals see them. The footprint of one never admitted is
    /// computed only when needed (its turn may come before ours).</summary>
    private List<TotalsEntry> Others(ReconcileState state, PlanInForce plan) =>
        [.. caches.Containers.List(state.Observed.Metadata.NamespaceProperty)
            .Where(o => o.Metadata.Uid != state.Observed.Metadata.Uid && o.Metadata.DeletionTimestamp is null)
            .Select(o => new TotalsEntry(o.Metadata.Name, o.Metadata.CreationTimestamp, o.Status?.Admitted, o.Status?.Admitted ?? CandidateOf(o, plan, state.Now)))];

    private PlanFootprint CandidateOf(V1Alpha1ManagedContainer other, PlanInForce plan, DateTimeOffset now)
    {
        var copy = new V1Alpha1ManagedContainer
        {
            Metadata = other.Metadata,
            Spec = k8s.KubernetesJson.Deserialize<ManagedContainerSpec>(k8s.KubernetesJson.Serialize(other.Spec)),
        };
        PlanDefaulting.Apply(copy.Spec, plan.Spec.Defaults, admitted: null);
        var suspended = copy.Spec.Stopped == true || Lifetime.HasExpired(copy, now);
        return Footprints.Of(copy, PlanSettings.For(settings, plan, admitted: null), Running(other, suspended));
    }

    /// <summary>Whether the container holds compute: not stopped or expired, and not a finished oneShot Job.</summary>
    private static bool Running(V1Alpha1ManagedContainer container, bool suspended) =>
        !suspended
        && !(container.Spec.Mode == WorkloadModes.OneShot
            && container.Status?.Phase is ManagedContainerPhases.Succeeded or ManagedContainerPhases.Failed);
}
