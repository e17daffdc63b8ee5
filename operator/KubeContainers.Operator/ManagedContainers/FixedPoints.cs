using System.Collections.Concurrent;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// The containers whose last reconcile was a fixed point: it wrote nothing (no child, no status), found the container
/// Ready with nothing to look at again before the resync, and read what <see cref="CacheReads"/> recorded. While the
/// caches answer those reads the same way (every object read has the same resourceVersion, no object appeared in or
/// left a list read), a reconcile of that key would build the same children, compare them equal and compute the same
/// status: it is skipped. A child edited or deleted by anyone, a new pod or Event, a spec, label or plan change, all
/// change a resourceVersion the reconcile read, and the next reconcile does the full work.
/// </summary>
/// <remarks>What a reconcile reads outside the caches is fixed for the process (the settings) or excluded by the
/// conditions: the clock (a container with a deadline ahead, a lifetime or a health check's grace, asks for an
/// earlier requeue and is never kept), a status write the cache does not show yet (that reconcile wrote). One
/// singleton: the reconciler is resolved per reconcile.</remarks>
public sealed class FixedPoints
{
    private readonly ConcurrentDictionary<ObjectKey, CacheReads> held = new();

    /// <summary>How many keys are held (tests, and the memory it costs).</summary>
    public int Count => held.Count;

    /// <summary>Whether the key's last reconcile was a fixed point whose reads still hold.</summary>
    public bool Holds(ObjectKey key) => held.TryGetValue(key, out var reads) && reads.Unchanged();

    public void Keep(ObjectKey key, CacheReads reads) => held[key] = reads;

    public void Forget(ObjectKey key) => held.TryRemove(key, out _);
}
