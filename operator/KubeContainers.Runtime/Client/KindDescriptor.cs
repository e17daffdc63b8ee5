using System.Collections.Concurrent;
using System.Reflection;
using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary>Where a kind lives in the API: enough to build its URLs without knowing the type.</summary>
public sealed record KindDescriptor(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    // Built-in kinds that are not namespaced; everything else (including custom resources) is assumed namespaced
    // unless registered otherwise.
    private static readonly HashSet<string> ClusterScopedKinds =
    [
        "Namespace", "Node", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
        "StorageClass", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "APIService", "CSIDriver", "CSINode", "RuntimeClass", "IngressClass", "VolumeAttachment",
    ];

    private static readonly ConcurrentDictionary<Type, KindDescriptor> Cache = new();

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Overrides the descriptor derived from <see cref="KubernetesEntityAttribute"/> (for example for a
    /// cluster-scoped custom resource).</summary>
    public static void Register<T>(KindDescriptor descriptor)
        where T : IKubernetesObject<V1ObjectMeta> => Cache[typeof(T)] = descriptor;

    public static KindDescriptor For<T>()
        where T : IKubernetesObject<V1ObjectMeta> => For(typeof(T));

    public static KindDescriptor For(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var entity = t.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{t.Name} has no [KubernetesEntity] attribute; register a KindDescriptor for it.");
        return new KindDescriptor(entity.Group ?? "", entity.ApiVersion, entity.Kind, entity.PluralName,
            !ClusterScopedKinds.Contains(entity.Kind));
    });
}
