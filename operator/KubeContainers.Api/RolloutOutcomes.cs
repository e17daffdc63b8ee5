namespace KubeContainers.Api;

/// <summary>How a rollout in <c>status.history</c> ended; a rollout still under way has none.</summary>
public static class RolloutOutcomes
{
    /// <summary>The new version became Ready.</summary>
    public const string Ready = "Ready";

    /// <summary>The new version missed its deadline and the last healthy image serves again.</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>The new version missed its deadline with nothing to roll back to.</summary>
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    /// <summary>A newer rollout started before this one ended.</summary>
    public const string Superseded = "Superseded";
}
