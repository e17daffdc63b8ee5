using KubeContainers.Api;

namespace KubeContainers.Cli.Kube;

/// <summary>status.history, the operator's record of the last rollouts.</summary>
internal static class RolloutHistory
{
    /// <summary>Newest revision first; empty when the operator has written none.</summary>
    public static IReadOnlyList<RolloutRecord> Of(V1Alpha1ManagedContainer container) =>
        [.. (container.Status?.History ?? []).OrderByDescending(r => r.Revision)];
}
