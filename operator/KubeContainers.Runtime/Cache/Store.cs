using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>The objects of one kind with indexes by namespace, owner uid, label and any named index. Objects are kept
/// packed (<see cref="PackedObject"/>: compressed JSON, a fifth of their size as models) and every read unpacks a fresh
/// instance, so readers never share one; the caches were most of the operator's memory. Index keys are computed once,
/// when an object is stored.</summary>
internal sealed class Store<T> : ICacheReader<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly Dictionary<ObjectKey, Entry> items = [];
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
        Entry? entry;
        lock (gate)
        {
            entry = items.GetValueOrDefault(key);
        }

        return entry is null ? null : PackedObject.Unpack<T>(entry.Packed);
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        List<Entry> entries;
        lock (gate)
        {
            entries = @namespace is null ? [.. items.Values] : Lookup(byNamespace, @namespace);
        }

        return Unpack(entries);
    }

    public IReadOnlyList<T> ListByOwner(string ownerUid)
    {
        List<Entry> entries;
        lock (gate)
        {
            entries = Lookup(byOwner, ownerUid);
        }

        return Unpack(entries);
    }

    public IReadOnlyList<T> ListByLabel(string key, string value)
    {
        List<Entry> entries;
        lock (gate)
        {
            entries = Lookup(byLabel, $"{key}={value}");
        }

        return Unpack(entries);
    }

    public IReadOnlyList<T> ListByIndex(string index, string value)
    {
        List<Entry> entries;
        lock (gate)
        {
            entries = custom.TryGetValue(index, out var entry)
                ? Lookup(entry.Map, value)
                : throw new InvalidOperationException($"No index {index} on {typeof(T).Name}: add it with AddIndex before the host starts.");
        }

        return Unpack(entries);
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

            var map = custom[index].Map;
            foreach (var (key, entry) in items.ToList())
            {
                var added = values(PackedObject.Unpack<T>(entry.Packed)).Select(value => (map, value)).ToList();
                foreach (var (_, value) in added)
                {
                    Index(map, value).Add(key);
                }

                items[key] = entry with { Indexed = [.. entry.Indexed, .. added] };
            }
        }
    }

    /// <summary>Inserts or replaces; returns the previous object.</summary>
    public T? Upsert(T obj)
    {
        var key = ObjectKey.From(obj);
        var packed = PackedObject.Pack(obj);
        Entry? old;
        lock (gate)
        {
            var entry = new Entry(packed, obj.Metadata.ResourceVersion, [.. IndexKeys(obj)]);
            old = RemoveLocked(key);
            items[key] = entry;
            foreach (var (map, value) in entry.Indexed)
            {
                Index(map, value).Add(key);
            }
        }

        return old is null ? null : PackedObject.Unpack<T>(old.Packed);
    }

    /// <summary>Removes an object; false when it was not there.</summary>
    public bool Delete(ObjectKey key)
    {
        lock (gate)
        {
            return RemoveLocked(key) is not null;
        }
    }

    /// <summary>Replaces every object in scope (one namespace, or all when null) with a fresh list and returns the
    /// differences, so a re-list after a gap reports what was missed, deletions included.</summary>
    public IReadOnlyList<ObjectEvent<T>> Replace(IReadOnlyList<T> fresh, string? scopeNamespace)
    {
        var changes = new List<(ObjectEventType Type, T? Object, Entry? Old)>();
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
                    changes.Add((ObjectEventType.Added, obj, null));
                }
                else if (old.ResourceVersion != obj.Metadata.ResourceVersion)
                {
                    changes.Add((ObjectEventType.Modified, obj, old));
                }
            }

            List<ObjectKey> inScope = scopeNamespace is null ? [.. items.Keys]
                : byNamespace.TryGetValue(scopeNamespace, out var keys) ? [.. keys] : [];
            foreach (var key in inScope.Where(k => !seen.Contains(k)))
            {
                changes.Add((ObjectEventType.Deleted, null, RemoveLocked(key)));
            }
        }

        var events = new List<ObjectEvent<T>>();
        foreach (var (type, obj, old) in changes)
        {
            var before = old is null ? null : PackedObject.Unpack<T>(old.Packed);
            if (obj is not null)
            {
                Upsert(obj);
            }

            events.Add(type == ObjectEventType.Deleted ? new ObjectEvent<T>(type, before!) : new ObjectEvent<T>(type, obj!, before));
        }

        return events;
    }

    private List<Entry> Lookup(Dictionary<string, HashSet<ObjectKey>> map, string value) =>
        map.TryGetValue(value, out var keys) ? [.. keys.Select(k => items[k])] : [];

    private static List<T> Unpack(List<Entry> entries) => [.. entries.Select(e => PackedObject.Unpack<T>(e.Packed))];

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

    private Entry? RemoveLocked(ObjectKey key)
    {
        if (!items.Remove(key, out var old))
        {
            return null;
        }

        foreach (var (map, value) in old.Indexed)
        {
            if (map.TryGetValue(value, out var set) && set.Remove(key) && set.Count == 0)
            {
                map.Remove(value);
            }
        }

        return old;
    }

    /// <summary>A stored object: packed, its resource version (a re-list compares it) and where the indexes file it.</summary>
    private sealed record Entry(byte[] Packed, string? ResourceVersion, (Dictionary<string, HashSet<ObjectKey>> Map, string Value)[] Indexed);
}
