using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Runtime.Controller;

/// <summary>Event filters for watches. Creations and deletions always pass; they filter modifications.</summary>
public static class Predicates
{
    /// <summary>Only spec changes (metadata.generation moves); ignores status-only and metadata-only updates.</summary>
    public static Func<ObjectEvent<T>, bool> GenerationChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        e => e.Type != ObjectEventType.Modified || e.Old?.Metadata.Generation != e.Object.Metadata.Generation;

    public static Func<ObjectEvent<T>, bool> LabelsChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        e => e.Type != ObjectEventType.Modified || !SameMap(e.Old?.Metadata.Labels, e.Object.Metadata.Labels);

    public static Func<ObjectEvent<T>, bool> AnnotationsChanged<T>()
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        e => e.Type != ObjectEventType.Modified || !SameMap(e.Old?.Metadata.Annotations, e.Object.Metadata.Annotations);

    /// <summary>Passes when any of the predicates passes.</summary>
    public static Func<ObjectEvent<T>, bool> Any<T>(params Func<ObjectEvent<T>, bool>[] predicates)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        e => predicates.Any(p => p(e));

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));
}
