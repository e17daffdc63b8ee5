using KubeContainers.Api;
using Mc = KubeContainers.Api.V1Alpha1ManagedContainer;

namespace KubeContainers.Cli.Commands;

/// <summary>What <c>wait</c> (and <c>create</c>) waits for.</summary>
internal enum WaitGoal
{
    Ready,
    Completed,
    Deleted,
}

/// <summary>Whether a wait is over: it holds, it never will (the reason, for a non-zero exit), or not yet.</summary>
internal sealed record Verdict(bool Holds, string? Failure)
{
    public static readonly Verdict Pending = new(false, null);
    public static readonly Verdict Done = new(true, null);

    /// <summary>
    /// Judges one observation. Only a status that describes the current spec (observedGeneration) counts, so the
    /// Failed of the image an undo just replaced does not fail the wait for the new one. Failure is what the operator
    /// reports as needing a change to recover: Stalled=True (an invalid spec, a rollout past its deadline or rolled
    /// back; named first, as it is the more precise) or phase Failed (an image that cannot be pulled, a crash loop, a
    /// health check failing, a failed Job).
    /// </summary>
    public static Verdict Judge(Mc? mc, WaitGoal goal, string name)
    {
        if (mc is null)
        {
            return goal == WaitGoal.Deleted ? Done : new(false, $"{name} was deleted");
        }

        if (goal == WaitGoal.Deleted)
        {
            return Pending;
        }

        var status = mc.Status;
        var current = status?.ObservedGeneration is { } observed && observed >= (mc.Metadata.Generation ?? 0);
        if (status is null || !current)
        {
            return Pending;
        }

        if (goal == WaitGoal.Ready && status.IsReady())
        {
            return Done;
        }

        if (goal == WaitGoal.Completed && status.Phase == ManagedContainerPhases.Succeeded)
        {
            return Done;
        }

        if (status.GetCondition(ConditionTypes.Stalled) is { Status: ConditionStatuses.True })
        {
            return new(false, $"{name} is Stalled: {Reason(status, ConditionTypes.Stalled)}");
        }

        if (status.Phase == ManagedContainerPhases.Failed)
        {
            return new(false, $"{name} is Failed: {Reason(status, ConditionTypes.Ready)}");
        }

        return Pending;
    }

    private static string Reason(ManagedContainerStatus status, string type) =>
        status.GetCondition(type) is { } condition
            ? $"{condition.Reason}: {condition.Message}"
            : status.Message ?? "no reason reported";
}
