using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>Metadata shared by the namespaced children of a ManagedContainer.</summary>
public static class ChildMetadata
{
    /// <summary>Name, the container's namespace, its labels and, when <paramref name="owned"/>, the owner reference.</summary>
    public static V1ObjectMeta For(V1Alpha1ManagedContainer container, string name, bool owned = true)
    {
        ArgumentNullException.ThrowIfNull(container);
        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = container.Metadata.NamespaceProperty,
            Labels = LabelsOf(container),
            OwnerReferences = owned ? [OwnerReferences.For(container)] : null,
        };
    }

    /// <summary><see cref="Labels.For"/> in ordinal key order, so the same spec always serializes the same way
    /// whatever order the user wrote <c>spec.labels</c> in.</summary>
    public static Dictionary<string, string> LabelsOf(V1Alpha1ManagedContainer container) => Sorted(Labels.For(container));

    public static Dictionary<string, string> Sorted(IEnumerable<KeyValuePair<string, string>> pairs) =>
        pairs.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
