using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary>The identity of an object within its kind; all a reconciler is given.</summary>
public sealed record ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey From(IKubernetesObject<V1ObjectMeta> obj) => new(obj.Metadata.NamespaceProperty, obj.Metadata.Name);

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
