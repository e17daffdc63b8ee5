using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// <c>status.history</c>: one record per new pod template that went out, the newest <see cref="RolloutRecord.Kept"/>
/// kept. A record is opened by the workload step when it writes a new template and closed by <see cref="Settle"/>
/// once the status says how the rollout ended.
/// </summary>
internal static class RolloutHistory
{
    /// <summary>A new version went out: one still under way is superseded by it.</summary>
    public static void Started(ManagedContainerStatus status, string image, string change, DateTimeOffset now)
    {
        var history = status.History ??= [];
        var last = history.Count == 0 ? null : history[^1];
        if (last is { Outcome: null })
        {
            last.Outcome = RolloutOutcomes.Superseded;
        }

        history.Add(new RolloutRecord { Revision = (last?.Revision ?? 0) + 1, Image = image, Change = change, StartedAt = now });
        while (history.Count > RolloutRecord.Kept)
        {
            history.RemoveAt(0);
        }
    }

    /// <summary>Closes the newest record when its rollout has ended: its image available, rolled back, or stalled
    /// past its deadline.</summary>
    public static void Settle(ManagedContainerStatus status, DateTimeOffset now)
    {
        if (status.History is not { Count: > 0 } history || history[^1] is not { Outcome: null } last)
        {
            return;
        }

        var stalled = status.GetCondition(ConditionTypes.Stalled);
        if (stalled?.Status == ConditionStatuses.True && stalled.Reason is ConditionReasons.RolledBack or ConditionReasons.ProgressDeadlineExceeded)
        {
            last.Outcome = stalled.Reason == ConditionReasons.RolledBack ? RolloutOutcomes.RolledBack : RolloutOutcomes.ProgressDeadlineExceeded;
        }
        else if (status.GetCondition(ConditionTypes.DeploymentAvailable) is { Status: ConditionStatuses.True, Reason: ConditionReasons.Available }
            && status.Image == last.Image)
        {
            (last.Outcome, last.ReadyAt) = (RolloutOutcomes.Ready, now);
        }
    }

    /// <summary>What a new pod template changed, in a few words, for the record.</summary>
    public static string Change(string? previousImage, string image, bool restarted, long? generation) =>
        previousImage is null ? "created"
        : previousImage != image ? $"image {previousImage} -> {image}"
        : restarted ? "restart"
        : $"configuration (generation {generation})";
}
