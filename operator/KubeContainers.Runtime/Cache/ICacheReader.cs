using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>Reads the informer cache of one kind. Treat what it returns as read-only: the runtime's cache unpacks a
/// fresh copy per read (it keeps objects compressed), but a cache may hand out shared instances (the reconciler tests'
/// fake caches do, and check that nothing changes them). Copy an object before changing it, and write through
/// <see cref="IKubeClient"/>. An object once read stays a consistent snapshot: the cache never changes it.</summary>
public interface ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    bool HasSynced { get; }

    T? Get(ObjectKey key);

    /// <summary>All cached objects, or those of one namespace.</summary>
    IReadOnlyList<T> List(string? @namespace = null);

    /// <summary>Objects with an owner reference to the given uid.</summary>
    IReadOnlyList<T> ListByOwner(string ownerUid);

    IReadOnlyList<T> ListByLabel(string key, string value);

    /// <summary>Objects found under <paramref name="value"/> in a named index (see <c>ControllerRuntimeBuilder.AddIndex</c>).</summary>
    IReadOnlyList<T> ListByIndex(string index, string value);
}
