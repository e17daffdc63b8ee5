using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// When a ManagedContainer expires. Computed from the object alone (creation time plus timeout, or the fixed time),
/// never from a timer in memory, so an operator that was down or restarted reaches the same answer.
/// </summary>
public static class Lifetime
{
    /// <summary>The expiry time, or null without <c>spec.lifetime</c>.</summary>
    public static DateTimeOffset? ExpiresAt(V1Alpha1ManagedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var lifetime = container.Spec.Lifetime;
        if (lifetime?.ExpiresAt is { } fixedTime)
        {
            return fixedTime;
        }

        if (lifetime?.TimeoutSeconds is { } seconds && container.Metadata.CreationTimestamp is { } created)
        {
            return new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)).AddSeconds(seconds);
        }

        return null;
    }

    public static bool HasExpired(V1Alpha1ManagedContainer container, DateTimeOffset now) => ExpiresAt(container) <= now;

    /// <summary>What happens at expiry: stop (the default) or delete.</summary>
    public static string OnExpiry(V1Alpha1ManagedContainer container) =>
        container.Spec.Lifetime?.OnExpiry ?? ManagedContainerDefaults.OnExpiry;
}
