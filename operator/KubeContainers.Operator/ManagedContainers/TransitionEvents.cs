using KubeContainers.Api;
using KubeContainers.Runtime.Events;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// The Events a user wants in <c>kubectl describe mc</c>: what was created, a new version going out, becoming ready,
/// failing with its cause, stopping, starting, expiring, completing. Derived from the status before and after, so a
/// reconcile that changes nothing says nothing.
/// </summary>
public static class TransitionEvents
{
    public const string Created = "Created";

    public static IReadOnlyList<TransitionEvent> Between(
        ManagedContainerStatus before, ManagedContainerStatus after, IReadOnlyList<string> created, bool deployed, bool restarted = false)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(created);
        var events = new List<TransitionEvent>();
        if (created.Count > 0)
        {
            var kinds = created.GroupBy(k => k).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} {g.Key}s");
            events.Add(new(EventTypes.Normal, Created, $"created {string.Join(", ", kinds)}"));
        }

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
            events.Add(after.Phase == ManagedContainerPhases.Succeeded
                ? new(EventTypes.Normal, "Completed", "the Job ran to completion")
                : new(EventTypes.Normal, "Ready", after.Url is null ? "serving" : $"serving at {after.Url}"));
        }
        else if (now.Status == ConditionStatuses.False && now.Reason == ConditionReasons.RolledBack)
        {
            events.Add(new(EventTypes.Warning, "RolledBack", now.Message));
        }
        else if (now.Status == ConditionStatuses.False && now.Reason is not (ConditionReasons.Stopped or ConditionReasons.Expired))
        {
            // One reason to filter on (kubectl get events --field-selector reason=Failed); the cause leads the message.
            events.Add(new(EventTypes.Warning, "Failed", $"{now.Reason}: {now.Message}"));
        }
    }
}
