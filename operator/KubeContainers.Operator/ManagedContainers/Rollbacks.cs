using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Automatic rollback, remembered in the status rather than in memory: once a generation was rolled back, every later
/// reconcile of that generation keeps serving the last healthy image, until the spec changes (a new generation is a
/// new attempt). The user's spec is never written.
/// </summary>
public static class Rollbacks
{
    /// <summary>The image to keep serving because this generation was already rolled back, or null.</summary>
    public static string? KeptImage(V1Alpha1ManagedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var status = container.Status;
        return status.GetCondition(ConditionTypes.Stalled) is { Status: ConditionStatuses.True, Reason: ConditionReasons.RolledBack }
            && status.ObservedGeneration == container.Metadata.Generation
            ? status.LastHealthyImage
            : null;
    }

    /// <summary>Whether a rollout that missed its deadline should go back to <paramref name="lastHealthyImage"/>.</summary>
    public static bool ShouldRollBack(V1Alpha1ManagedContainer container, string? lastHealthyImage, string attemptedImage)
    {
        ArgumentNullException.ThrowIfNull(container);
        return (container.Spec.Rollout?.AutoRollback ?? ManagedContainerDefaults.AutoRollback)
            && lastHealthyImage is not null
            && lastHealthyImage != attemptedImage;
    }
}
