using KubeContainers.Api;

namespace KubeContainers.Operator.Plans;

/// <summary>One container of a namespace as the totals see it: what the plan admitted last (what it holds), or,
/// for one never admitted, what it would use.</summary>
public sealed record TotalsEntry(string Name, DateTime? Created, PlanFootprint? Admitted, PlanFootprint Candidate);

/// <summary>
/// A plan's namespace totals, first come first served. Containers the plan admitted hold what it admitted, whatever
/// the totals are now (a plan change never stops what runs). The others are taken in creation order, each only if
/// it fits; a container is admitted when it fits after everyone before it. Every reconcile computes the same order
/// from the same cache, so two containers reconciled at once cannot both take the last room.
/// </summary>
public static class NamespaceTotals
{
    /// <summary>Why <paramref name="self"/> must wait, or null when it fits.</summary>
    public static string? Refusal(PlanInForce plan, string @namespace, TotalsEntry self, IReadOnlyList<TotalsEntry> others)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(others);
        if (plan.Spec.Totals is not { } totals || (self.Admitted is { } held && !NamespaceUsage.Grows(self.Candidate, held)))
        {
            return null;
        }

        var used = UsageBefore(totals, self, others);
        if (used.Add(self.Candidate).Over(totals) is not { } over)
        {
            return null;
        }

        return $"{PlanRules.Source(plan.Name, over.Field)}: namespace {@namespace} uses {used.Amount(over.Field)} of {over.Limit} "
            + $"and this container needs {Need(self.Candidate, over.Field)}; it starts by itself when there is room";
    }

    /// <summary>What the namespace uses before <paramref name="self"/>'s turn.</summary>
    private static NamespaceUsage UsageBefore(PlanTotals totals, TotalsEntry self, IReadOnlyList<TotalsEntry> others)
    {
        var used = NamespaceUsage.None;
        foreach (var held in others.Where(o => o.Admitted is not null))
        {
            used = used.Add(held.Admitted!);
        }

        foreach (var earlier in others.Where(o => o.Admitted is null && Before(o, self)).OrderBy(o => o.Created).ThenBy(o => o.Name, StringComparer.Ordinal))
        {
            var with = used.Add(earlier.Candidate);
            if (with.Over(totals) is null)
            {
                used = with;
            }
        }

        return used;
    }

    /// <summary>What a namespace's containers hold, as the plan's status shows it: the sum of what the plan admitted
    /// (containers still waiting hold nothing).</summary>
    public static NamespaceUsage Usage(IEnumerable<PlanFootprint> admitted) =>
        admitted.Aggregate(NamespaceUsage.None, (sum, f) => sum.Add(f));

    private static bool Before(TotalsEntry other, TotalsEntry self) =>
        (other.Created ?? DateTime.MaxValue, other.Name).CompareTo((self.Created ?? DateTime.MaxValue, self.Name)) < 0;

    private static string Need(PlanFootprint candidate, string field) => field switch
    {
        "totals.containers" => "1",
        "totals.cpu" => $"{PlanQuantities.Cpu(PlanQuantities.Value(candidate.Cpu) * candidate.Replicas)} ({candidate.Cpu} x {candidate.Replicas})",
        "totals.memory" => $"{PlanQuantities.Bytes(PlanQuantities.Value(candidate.Memory) * candidate.Replicas)} ({candidate.Memory} x {candidate.Replicas})",
        "totals.gpu" => $"{candidate.Gpu * candidate.Replicas}",
        "totals.storage" => candidate.Storage ?? "0",
        _ => "1",
    };
}
