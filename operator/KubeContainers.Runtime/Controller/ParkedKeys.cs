using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Controller;

/// <summary>Keys taken from the queue before their caches were ready (<see cref="SyncGate"/>), by namespace, with the
/// highest priority each was taken at. A key parked twice is held once.</summary>
internal sealed class ParkedKeys
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<ObjectKey, int>> byNamespace = new(StringComparer.Ordinal);
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>Holds <paramref name="key"/> and, under the same lock as <see cref="Release"/>, runs
    /// <paramref name="letGo"/> (the worker's Done): a release that comes between the two would otherwise see the worker
    /// still holding the key, leave it to that worker (which will not reconcile it) and forget it.</summary>
    public void Park(ObjectKey key, int priority, Action letGo)
    {
        lock (gate)
        {
            ParkLocked(key, priority);
            letGo();
        }
    }

    private void ParkLocked(ObjectKey key, int priority)
    {
        var ns = key.Namespace ?? "";
        if (!byNamespace.TryGetValue(ns, out var keys))
        {
            keys = [];
            byNamespace[ns] = keys;
        }

        if (keys.TryGetValue(key, out var held))
        {
            keys[key] = Math.Max(held, priority);
            return;
        }

        keys[key] = priority;
        count++;
    }

    /// <summary>Forgets a key reconciled by another way (added again and taken once its caches were ready), so that
    /// its release does not reconcile it a second time.</summary>
    public void Remove(ObjectKey key)
    {
        lock (gate)
        {
            var ns = key.Namespace ?? "";
            if (byNamespace.TryGetValue(ns, out var keys) && keys.Remove(key))
            {
                count--;
                if (keys.Count == 0)
                {
                    byNamespace.Remove(ns);
                }
            }
        }
    }

    /// <summary>Removes the keys of every namespace <paramref name="ready"/> accepts (null for the keys of
    /// cluster-scoped objects) and hands each to <paramref name="add"/>, under the lock that <see cref="Remove"/>
    /// takes: a worker that took one of them meanwhile either removed it first (it is not handed over) or waits
    /// until it has been (and the queue, seeing the worker hold it, does not add it again).</summary>
    public void Release(Func<string?, bool> ready, Action<ObjectKey, int> add)
    {
        lock (gate)
        {
            foreach (var (ns, keys) in byNamespace.ToList())
            {
                if (!ready(ns.Length == 0 ? null : ns))
                {
                    continue;
                }

                byNamespace.Remove(ns);
                count -= keys.Count;
                foreach (var (key, priority) in keys)
                {
                    add(key, priority);
                }
            }
        }
    }
}
