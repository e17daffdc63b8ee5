using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>The objects of one kind with indexes by namespace, owner uid, label and any named index. Reads hand out
/// the stored instances, not copies (controller-runtime's UnsafeDisableDeepCopy): the informer only ever replaces an
/// object, never changes it, so a reader holds a consistent snapshot; readers must not change it either.</summary>
internal sealed class Store<T> : ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, T> items = [];
    private readonly Dictionary<string, HashSet<ObjectKey>> byNamespace = [];
    private readonly Dictionary<string, HashSet<ObjectKey>> byOwner = [];
    private readonly Dictionary<string, HashSet<ObjectKey>> byLabel = [];
    private readonly Dictionary<string, (Func<T, IEnumerable<string>> Values, Dictionary<string, HashSet<ObjectKey>> Map)> custom = [];
    private readonly Func<bool> hasSynced;

    public Store(Func<bool>? hasSynced = null) => this.hasSynced = hasSynced ?? (() => true);

    public bool HasSynced => hasSynced();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return items.Count;
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (gate)
        {
            return items.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        lock (gate)
        {
            return @namespace is null ? [.. items.Values] : Lookup(byNamespace, @namespace);
        }
    }

    public IReadOnlyList<T> ListByOwner(string ownerUid)
    {
        lock (gate)
        {
            return Lookup(byOwner, ownerUid);
        }
    }

    public IReadOnlyList<T> ListByLabel(string key, string value)
    {
        lock (gate)
        {
            return Lookup(byLabel, $"{key}={value}");
        }
    }

    public IReadOnlyList<T> ListByIndex(string index, string value)
    {
        lock (gate)
        {
            return custom.TryGetValue(index, out var entry)
                ? Lookup(entry.Map, value)
                : throw new InvalidOperationException($"No index {index} on {typeof(T).Name}: add it with AddIndex before the host starts.");
        }
    }

    /// <summary>Adds a named index: the values an object is found under (e.g. the host a resource claims).</summary>
    public void AddIndex(string index, Func<T, IEnumerable<string>> values)
    {
        lock (gate)
        {
            if (!custom.TryAdd(index, (values, [])))
            {
                throw new InvalidOperationException($"Index {index} on {typeof(T).Name} is already defined.");
            }

            foreach (var (key, obj) in items)
            {
                foreach (var value in values(obj))
                {
                    Index(custom[index].Map, value).Add(key);
                }
            }
        }
    }

    /// <summary>Inserts or replaces; returns the previous object.</summary>
    public T? Upsert(T obj)
    {
        lock (gate)
        {
            var key = ObjectKey.From(obj);
            var old = RemoveLocked(key);
            items[key] = obj;
            foreach (var index in IndexKeys(obj))
            {
                Index(index.Map, index.Value).Add(key);
            }

            return old;
        }
    }

    public T? Delete(ObjectKey key)
    {
        lock (gate)
        {
            return RemoveLocked(key);
        }
    }

    /// <summary>Replaces every object in scope (one namespace, or all when null) with a fresh list and returns the
    /// differences, so a re-list after a gap reports what was missed, deletions included.</summary>
    public IReadOnlyList<ObjectEvent<T>> Replace(IReadOnlyList<T> fresh, string? scopeNamespace)
    {
        var events = new List<ObjectEvent<T>>();
        lock (gate)
        {
            var seen = new HashSet<ObjectKey>();
            foreach (var obj in fresh)
            {
                var key = ObjectKey.From(obj);
                seen.Add(key);
                items.TryGetValue(key, out var old);
                if (old is null)
                {
                    events.Add(new ObjectEvent<T>(ObjectEventType.Added, obj));
                }
                else if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    events.Add(new ObjectEvent<T>(ObjectEventType.Modified, obj, old));
                }
            }

            List<ObjectKey> inScope = scopeNamespace is null ? [.. items.Keys]
                : byNamespace.TryGetValue(scopeNamespace, out var keys) ? [.. keys] : [];
            foreach (var key in inScope.Where(k => !seen.Contains(k)))
            {
                events.Add(new ObjectEvent<T>(ObjectEventType.Deleted, RemoveLocked(key)!));
            }
        }

        foreach (var e in events.Where(e => e.Type != ObjectEventType.Deleted))
        {
            Upsert(e.Object);
        }

        return events;
    }

    private List<T> Lookup(Dictionary<string, HashSet<ObjectKey>> map, string value) =>
        map.TryGetValue(value, out var keys) ? [.. keys.Select(k => items[k])] : [];

    private static HashSet<ObjectKey> Index(Dictionary<string, HashSet<ObjectKey>> map, string value)
    {
        if (!map.TryGetValue(value, out var set))
        {
            set = [];
            map[value] = set;
        }

        return set;
    }

    private IEnumerable<(Dictionary<string, HashSet<ObjectKey>> Map, string Value)> IndexKeys(T obj)
    {
        yield return (byNamespace, obj.Metadata.NamespaceProperty ?? "");
        foreach (var owner in obj.Metadata.OwnerReferences ?? [])
        {
            yield return (byOwner, owner.Uid);
        }

        foreach (var (key, value) in obj.Metadata.Labels ?? new Dictionary<string, string>())
        {
            yield return (byLabel, $"{key}={value}");
        }

        foreach (var (values, map) in custom.Values)
        {
            foreach (var value in values(obj))
            {
                yield return (map, value);
            }
        }
    }

    private T? RemoveLocked(ObjectKey key)
    {
        if (!items.Remove(key, out var old))
        {
            return null;
        }

        foreach (var (map, value) in IndexKeys(old))
        {
            if (map.TryGetValue(value, out var set) && set.Remove(key) && set.Count == 0)
            {
                map.Remove(value);
            }
        }

        return old;
    }
}
