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

    public void Park(ObjectKey key, int priority)
    {
        lock (gate)
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
    }

    /// <summary>Removes and returns the keys of every namespace <paramref name="ready"/> accepts (null for the keys of
    /// cluster-scoped objects).</summary>
    public List<(ObjectKey Key, int Priority)> Release(Func<string?, bool> ready)
    {
        List<(ObjectKey, int)> released = [];
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
                released.AddRange(keys.Select(k => (k.Key, k.Value)));
            }
        }

        return released;
    }
}
