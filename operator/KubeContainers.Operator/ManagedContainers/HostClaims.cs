using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Who owns a public host. The first claimant keeps it: the oldest creationTimestamp, then namespace/name, so every
/// replica and every order of events reaches the same answer without writing anything down.
/// </summary>
public static class HostClaims
{
    /// <summary>The cache index of ManagedContainers by the host they claim.</summary>
    public const string Index = "host";

    /// <summary>The public host a ManagedContainer claims, or none when it serves no public Ingress.</summary>
    public static IEnumerable<string> Claimed(V1Alpha1ManagedContainer container, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(settings);
        var input = new BuildInput(container, settings);
        return Urls.IsPublic(input) ? [Urls.Host(input)] : [];
    }

    /// <summary>The claimant that keeps the host.</summary>
    public static V1Alpha1ManagedContainer Winner(IEnumerable<V1Alpha1ManagedContainer> claimants) =>
        claimants
            .OrderBy(c => c.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(c => c.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(c => c.Metadata.Name, StringComparer.Ordinal)
            .First();
}
