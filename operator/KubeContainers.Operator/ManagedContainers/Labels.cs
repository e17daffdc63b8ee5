using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>The operator's own labels and annotations. User labels (<c>spec.labels</c>) never override these.</summary>
public static class Labels
{
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "kubecontainers";

    public const string Name = "app.kubernetes.io/name";

    /// <summary>The selector label of pods, Service and NetworkPolicy: unique to us, so no other workload in the
    /// namespace can match by accident.</summary>
    public const string Container = V1Alpha1ManagedContainer.KubeGroup + "/container";

    /// <summary>Set on claims kept after deletion (<c>retain: true</c>), which carry no owner reference.</summary>
    public const string Retain = V1Alpha1ManagedContainer.KubeGroup + "/retain";

    /// <summary>Pod template annotation that <c>spec.restartedAt</c> sets, like kubectl's restartedAt.</summary>
    public const string RestartedAtAnnotation = V1Alpha1ManagedContainer.KubeGroup + "/restartedAt";

    /// <summary>Hash of what the operator last wrote into a child; a change of the desired object changes it.</summary>
    public const string DesiredHashAnnotation = V1Alpha1ManagedContainer.KubeGroup + "/desired-hash";

    /// <summary>Labels and label prefixes users may not set: they would take over the operator's selectors.</summary>
    public static bool IsReserved(string key) =>
        key == ManagedBy || key == Name || key.StartsWith(V1Alpha1ManagedContainer.KubeGroup + "/", StringComparison.Ordinal);

    /// <summary>Selector of the container's pods.</summary>
    public static Dictionary<string, string> Selector(string containerName) => new() { [Container] = containerName };

    /// <summary><see cref="Selector"/> as a label selector string, for status.selector (the scale subresource).</summary>
    public static string SelectorText(string containerName) => $"{Container}={containerName}";

    /// <summary>Labels of every child and pod: the user's, then the operator's on top.</summary>
    public static Dictionary<string, string> For(V1Alpha1ManagedContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in container.Spec.Labels ?? new Dictionary<string, string>())
        {
            if (!IsReserved(key))
            {
                labels[key] = value;
            }
        }

        labels[ManagedBy] = ManagedByValue;
        labels[Name] = container.Metadata.Name;
        labels[Container] = container.Metadata.Name;
        return labels;
    }
}
