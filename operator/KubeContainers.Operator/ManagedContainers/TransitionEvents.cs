using KubeContainers.Api;
using KubeContainers.Runtime.Events;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// The Events a human must notice in <c>kubectl describe mc</c>: failures (the cause is the reason), recoveries
/// (Ready after a failure), rollbacks, a new version going out after the first, restarts, stopping, starting,
/// expiring, completing. What the status already tells on its own makes no Event: creating the children (they show
/// through their owner references) and a new container becoming Ready for the first time. Derived from the status
/// before and after, so a reconcile that changes nothing says nothing.
/// </summary>
public static class TransitionEvents
{
    public static IReadOnlyList<TransitionEvent> Between(
        ManagedContainerStatus before, ManagedContainerStatus after, bool deployed, bool restarted = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var events = new List<TransitionEvent>();
        if (restarted)
        {
            events.Add(new(EventTypes.Normal, "Restarted", "replacing every replica (spec.restartedAt changed), rolling"));
        }
        else if (deployed && before.LastDeployedAt is not null)
        {
            events.Add(new(EventTypes.Normal, "Deployed", $"deploying {after.Image ?? "a new version"}"));
        }

        AddSuspension(events, before, after);
        AddReadiness(events, before, after);
        return events;
    }

    private static void AddSuspension(List<TransitionEvent> events, ManagedContainerStatus before, ManagedContainerStatus after)
    {
        var was = before.GetCondition(ConditionTypes.Suspended);
        var now = after.GetCondition(ConditionTypes.Suspended);
        var wasSuspended = was?.Status == ConditionStatuses.True;
        var isSuspended = now?.Status == ConditionStatuses.True;
        if (isSuspended && (!wasSuspended || was!.Reason != now!.Reason))
        {
            events.Add(now!.Reason == ConditionReasons.Expired
                ? new(EventTypes.Normal, "Expired", now.Message)
                : new(EventTypes.Normal, "Stopped", "scaled to zero (spec.stopped); configuration and volumes kept"));
        }
        else if (wasSuspended && !isSuspended)
        {
            events.Add(new(EventTypes.Normal, "Started", "scaling up again"));
        }
    }

    /// <summary>Ready=False for a failure, not because it was stopped or expired on purpose.</summary>
    private static bool Failed(k8s.Models.V1Condition? ready) =>
        ready?.Status == ConditionStatuses.False && ready.Reason is not (ConditionReasons.Stopped or ConditionReasons.Expired);

    private static void AddReadiness(List<TransitionEvent> events, ManagedContainerStatus before, ManagedContainerStatus after)
    {
        var was = before.GetCondition(ConditionTypes.Ready);
        var now = after.GetCondition(ConditionTypes.Ready);
        if (now is null || (was?.Status == now.Status && was.Reason == now.Reason))
        {
            return;
        }

        if (now.Status == ConditionStatuses.True)
        {
            if (after.Phase == ManagedContainerPhases.Succeeded)
            {
                events.Add(new(EventTypes.Normal, "Completed", "the Job ran to completion"));
            }
            else if (Failed(was))
            {
                // A recovery; the first Ready of a new container, or Ready again after a start, is the status's to tell.
                events.Add(new(EventTypes.Normal, "Ready", after.Url is null ? "serving again" : $"serving again at {after.Url}"));
            }
        }
        else if (now.Status == ConditionStatuses.False && now.Reason == ConditionReasons.RolledBack)
        {
            events.Add(new(EventTypes.Warning, "RolledBack", now.Message));
        }
        else if (now.Status == ConditionStatuses.False && now.Reason is not (ConditionReasons.Stopped or ConditionReasons.Expired))
        {
            // The cause is the reason (the Ready condition's: ImagePullFailed, CrashLooping, OOMKilled, ...), so
            // kubectl get events --field-selector reason=OOMKilled finds every container killed for memory.
            events.Add(new(EventTypes.Warning, now.Reason, now.Message));
        }
    }
}
