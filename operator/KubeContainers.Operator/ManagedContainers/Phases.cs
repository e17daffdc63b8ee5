using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>The one-word phase, read off the conditions so it can never disagree with them.</summary>
public static class Phases
{
    public static string Of(ManagedContainerStatus status, bool oneShot)
    {
        ArgumentNullException.ThrowIfNull(status);
        var suspended = status.GetCondition(ConditionTypes.Suspended);
        if (suspended?.Status == ConditionStatuses.True)
        {
            return suspended.Reason == ConditionReasons.Expired ? ManagedContainerPhases.Expired : ManagedContainerPhases.Stopped;
        }

        var ready = status.GetCondition(ConditionTypes.Ready);
        if (oneShot && status.GetCondition(ConditionTypes.JobComplete) is { } job)
        {
            if (job.Status == ConditionStatuses.True && ready?.Status == ConditionStatuses.True)
            {
                return ManagedContainerPhases.Succeeded;
            }

            if (job.Status == ConditionStatuses.False && job.Reason != ConditionReasons.NotOwned)
            {
                return ManagedContainerPhases.Failed;
            }

            if (job.Reason == ConditionReasons.JobRunning && status.Checks?.Running == true)
            {
                return ManagedContainerPhases.Running;
            }
        }

        return ready?.Status switch
        {
            ConditionStatuses.True => ManagedContainerPhases.Running,
            // Waiting for room on a node or for a claim to bind is not a failure of the container.
            // Nor is waiting for room under the plan's totals, or for the plan to exist.
            ConditionStatuses.False when ready.Reason is ConditionReasons.Unschedulable or ConditionReasons.PlanExceeded or ConditionReasons.PlanNotFound
                => ManagedContainerPhases.Pending,
            ConditionStatuses.False => ManagedContainerPhases.Failed,
            _ => ManagedContainerPhases.Deploying,
        };
    }
}
