using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Status;

namespace KubeContainers.Operator.Plans;

/// <summary>
/// Writes a ContainerPlan's status: each namespace on it that has ManagedContainers, with what they use as the
/// plan's totals count it (what the plan admitted) and how many wait for room. Read from the caches; written only
/// when it changed.
/// </summary>
internal sealed class PlanStatusReconciler(
    ICacheReader<V1Alpha1ContainerPlan> plans,
    ICacheReader<V1Namespace> namespaces,
    ICacheReader<V1Alpha1ManagedContainer> containers,
    PlanResolver resolver,
    IStatusWriter statusWriter) : IReconciler
{
    /// <summary>At most this many namespaces are listed in the status (the CRD's bound); the counts cover all.</summary>
    private const int ListedNamespaces = 10000;

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (plans.Get(key) is not { } cached || cached.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var plan = statusWriter.Latest(cached);
        var usages = new List<PlanNamespaceUsage>();
        foreach (var ns in namespaces.List().Select(n => n.Metadata.Name).Where(n => resolver.NameFor(n) == plan.Metadata.Name).Order(StringComparer.Ordinal))
        {
            var inNamespace = containers.List(ns);
            if (inNamespace.Count == 0)
            {
                continue;
            }

            var usage = NamespaceTotals.Usage(inNamespace.Select(c => c.Status?.Admitted).OfType<PlanFootprint>());
            usages.Add(usage.ToStatus(ns, inNamespace.Count(Waiting)));
        }

        var desired = new V1Alpha1ContainerPlan
        {
            Metadata = plan.Metadata,
            Spec = plan.Spec,
            Status = new ContainerPlanStatus
            {
                NamespaceCount = usages.Count,
                Containers = usages.Sum(u => u.Containers),
                Waiting = usages.Sum(u => u.Waiting),
                Namespaces = usages.Count == 0 ? null : [.. usages.Take(ListedNamespaces)],
            },
        };
        await statusWriter.WriteAsync(plan, desired, ct).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>Waiting for room under the plan (or for the plan to exist).</summary>
    public static bool Waiting(V1Alpha1ManagedContainer container) =>
        container.Status?.GetCondition(ConditionTypes.Ready)?.Reason is ConditionReasons.PlanExceeded or ConditionReasons.PlanNotFound;
}
