namespace KubeContainers.Api.Schema;

/// <summary>
/// Marks a list as <c>x-kubernetes-list-type: map</c> keyed by the given item fields, so server-side apply merges
/// items by key (as Kubernetes does for conditions) instead of replacing the list.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    public IReadOnlyList<string> Keys { get; } = keys;
}
