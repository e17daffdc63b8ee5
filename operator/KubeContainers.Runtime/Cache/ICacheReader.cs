using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>Reads the informer cache of one kind. Objects returned are the cache's own instances, shared with every
/// other reader and handler (no copy per read: copying cost most of a reconcile's CPU and allocations). They must not
/// be changed: copy one before changing it, and write through <see cref="IKubeClient"/>. The cache never changes an
/// object in place either (an update replaces it), so an object once read stays a consistent snapshot.</summary>
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
