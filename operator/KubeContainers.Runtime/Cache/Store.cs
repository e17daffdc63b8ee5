using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Cache;

/// <summary>The objects of one kind with indexes by namespace, owner uid, label and any named index. Objects are kept
/// packed (<see cref="ObjectPacker"/>: JSON compressed with a dictionary trained on the kind, a twentieth of their size as models) and every read unpacks a fresh
/// instance, so readers never share one; the caches were most of the operator's memory. Index keys are computed once,
/// when an object is stored.</summary>
internal sealed class Store<T> : ICacheReader<T>, ICacheFingerprints
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock gate = new();
    private readonly ObjectPacker packer = new();
    private readonly Dictionary<ObjectKey, Entry> items = [];
    private readonly Dictionary<string, IndexBucket> byNamespace = [];
    private readonly Dictionary<string, IndexBucket> byOwner = [];
    private readonly Dictionary<string, IndexBucket> byLabel = [];
    private readonly Dictionary<string, (Func<T, IEnumerable<string>> Values, Dictionary<string, IndexBucket> Map)> custom = [];

    // Owners and labels are indexed only once someone asks for them, and labels only by the keys asked for: indexing
    // every label and owner of every object (mostly one-object sets under unique values) took as much memory as the
    // packed objects themselves at 10,000 containers.
    private readonly HashSet<string> labelKeys = new(StringComparer.Ordinal);
    private bool ownersIndexed;
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

    /// <summary>Distinct owner and label values indexed (tests).</summary>
    internal int OwnerAndLabelValues
    {
        get
        {
            lock (gate)
            {
                return byOwner.Count + byLabel.Count;
            }
        }
    }

    /// <summary>Whether the object is cached, without unpacking it.</summary>
    public bool Contains(ObjectKey key)
    {
        lock (gate)
        {
            return items.ContainsKey(key);
        }
    }

    public T? Get(ObjectKey key)
    {
        Entry? entry;
        lock (gate)
        {
            entry = items.GetValueOrDefault(key);
            if (CacheReads.Current is not null)
            {
                CacheReads.Note(this, CacheQueryKind.Get, key.Namespace, key.Name, FingerprintOf(key, entry));
            }
        }

        return entry is null ? null : packer.Unpack<T>(entry.Packed);
    }

    /// <summary>What a query would answer, as <see cref="CacheReads"/> fingerprints it, without unpacking anything.</summary>
    public ulong Fingerprint(CacheQueryKind kind, string? first, string? second)
    {
        lock (gate)
        {
            if (kind == CacheQueryKind.Get)
            {
                var key = new ObjectKey(first, second!);
                return FingerprintOf(key, items.GetValueOrDefault(key));
            }

            return FingerprintLocked(kind switch
            {
                CacheQueryKind.List => first is null ? items.Keys : Bucket(byNamespace, first),
                CacheQueryKind.ListByOwner => Bucket(byOwner, first!),
                CacheQueryKind.ListByLabel => Bucket(byLabel, $"{first}={second}"),
                CacheQueryKind.ListByIndex => custom.TryGetValue(first!, out var index) ? Bucket(index.Map, second!) : [],
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            });
        }
    }

    public IReadOnlyList<T> List(string? @namespace = null)
    {
        List<Entry> entries;
        lock (gate)
        {
            entries = @namespace is null ? [.. items.Values] : Lookup(byNamespace, @namespace);
            NoteLocked(CacheQueryKind.List, @namespace, null, @namespace is null ? items.Keys : Bucket(byNamespace, @namespace));
        }

        return Unpack(entries);
    }

    public IReadOnlyList<T> ListByOwner(string ownerUid)
    {
        List<Entry> entries;
        lock (gate)
        {
            if (!ownersIndexed)
            {
                ownersIndexed = true;
                ReindexLocked();
            }

            entries = Lookup(byOwner, ownerUid);
            NoteLocked(CacheQueryKind.ListByOwner, ownerUid, null, Bucket(byOwner, ownerUid));
        }

        return Unpack(entries);
    }

    public IReadOnlyList<T> ListByLabel(string key, string value)
    {
        List<Entry> entries;
        lock (gate)
        {
            if (labelKeys.Add(key))
            {
                ReindexLocked();
            }

            entries = Lookup(byLabel, $"{key}={value}");
            NoteLocked(CacheQueryKind.ListByLabel, key, value, Bucket(byLabel, $"{key}={value}"));
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
            NoteLocked(CacheQueryKind.ListByIndex, index, value, Bucket(entry.Map, value));
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

            ReindexLocked();
        }
    }

    /// <summary>Inserts or replaces; returns the previous object.</summary>
    public T? Upsert(T obj)
    {
        var key = KeyOf(obj);
        var packed = packer.Pack(obj);
        Entry? old;
        lock (gate)
        {
            old = RemoveLocked(key);
            items[key] = new Entry(packed, obj.Metadata.ResourceVersion, IndexLocked(key, obj));
        }

        return old is null ? null : packer.Unpack<T>(old.Packed);
    }

    /// <summary>Removes an object; false when it was not there.</summary>
    public bool Delete(ObjectKey key)
    {
        lock (gate)
        {
            return RemoveLocked(key) is not null;
        }
    }

    /// <summary>Stores one page of a re-list and returns what it changed: Added for objects the store lacked, Modified
    /// (with the previous object) for a new resource version; objects it already holds at that version are skipped.
    /// After the last page, <see cref="RemoveUnlisted"/> reports what the re-list no longer returned.</summary>
    public IReadOnlyList<ObjectEvent<T>> Merge(IEnumerable<T> listed)
    {
        var events = new List<ObjectEvent<T>>();
        foreach (var obj in listed)
        {
            lock (gate)
            {
                if (items.TryGetValue(KeyOf(obj), out var held) && held.ResourceVersion == obj.Metadata.ResourceVersion)
                {
                    continue;
                }
            }

            var old = Upsert(obj);
            events.Add(new ObjectEvent<T>(old is null ? ObjectEventType.Added : ObjectEventType.Modified, obj, old));
        }

        return events;
    }

    /// <summary>Removes every object in scope (one namespace, or all when null) that a complete re-list did not
    /// return, so a re-list after a gap reports deletions it missed; returns their Deleted events.</summary>
    public IReadOnlyList<ObjectEvent<T>> RemoveUnlisted(IReadOnlySet<ObjectKey> listed, string? scopeNamespace)
    {
        var removed = new List<Entry>();
        lock (gate)
        {
            List<ObjectKey> inScope = scopeNamespace is null ? [.. items.Keys]
                : byNamespace.TryGetValue(scopeNamespace, out var keys) ? [.. keys] : [];
            foreach (var key in inScope.Where(k => !listed.Contains(k)))
            {
                removed.Add(RemoveLocked(key)!);
            }
        }

        return [.. removed.Select(e => new ObjectEvent<T>(ObjectEventType.Deleted, packer.Unpack<T>(e.Packed)))];
    }

    // Every object of a namespace (in every store) shares one copy of its namespace's name: there are few namespaces,
    // and each unpacked object brings its own copy. The pool is never pruned; a deleted namespace leaves its name.
    private static readonly ConcurrentDictionary<string, string> Namespaces = new(StringComparer.Ordinal);

    private static ObjectKey KeyOf(T obj) => obj.Metadata.NamespaceProperty is { } ns
        ? new ObjectKey(Namespaces.GetOrAdd(ns, ns), obj.Metadata.Name)
        : ObjectKey.From(obj);

    private static IEnumerable<ObjectKey> Bucket(Dictionary<string, IndexBucket> map, string value) =>
        map.TryGetValue(value, out var keys) ? keys : [];

    private static ulong FingerprintOf(ObjectKey key, Entry? entry) =>
        entry is null ? CacheReads.Absent : CacheReads.OfObject(key.Namespace, key.Name, entry.ResourceVersion);

    private ulong FingerprintLocked(IEnumerable<ObjectKey> keys)
    {
        var (sum, count) = (0UL, 0);
        foreach (var key in keys)
        {
            sum += FingerprintOf(key, items[key]);
            count++;
        }

        return CacheReads.OfList(sum, count);
    }

    // Caller holds the gate; costs nothing unless a CacheReads is recording this flow.
    private void NoteLocked(CacheQueryKind kind, string? first, string? second, IEnumerable<ObjectKey> keys)
    {
        if (CacheReads.Current is not null)
        {
            CacheReads.Note(this, kind, first, second, FingerprintLocked(keys));
        }
    }

    private List<Entry> Lookup(Dictionary<string, IndexBucket> map, string value) =>
        map.TryGetValue(value, out var keys) ? [.. keys.Select(k => items[k])] : [];

    private List<T> Unpack(List<Entry> entries) => [.. entries.Select(e => packer.Unpack<T>(e.Packed))];

    /// <summary>Files <paramref name="key"/> under every index value of <paramref name="obj"/>; returns them.</summary>
    private (Dictionary<string, IndexBucket> Map, string Value)[] IndexLocked(ObjectKey key, T obj)
    {
        var indexed = IndexKeys(key, obj).ToArray();
        foreach (var (map, value) in indexed)
        {
            if (!map.TryGetValue(value, out var set))
            {
                set = new IndexBucket();
                map[value] = set;
            }

            set.Add(key);
        }

        return indexed;
    }

    /// <summary>Rebuilds every entry's index keys after an index was added (unpacks every object once).</summary>
    private void ReindexLocked()
    {
        foreach (var (key, entry) in items.ToList())
        {
            RemoveFromIndexes(key, entry);
            items[key] = entry with { Indexed = IndexLocked(key, packer.Unpack<T>(entry.Packed)) };
        }
    }

    private IEnumerable<(Dictionary<string, IndexBucket> Map, string Value)> IndexKeys(ObjectKey key, T obj)
    {
        yield return (byNamespace, key.Namespace ?? "");
        foreach (var owner in ownersIndexed ? obj.Metadata.OwnerReferences ?? [] : [])
        {
            yield return (byOwner, owner.Uid);
        }

        foreach (var (label, value) in obj.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (!labelKeys.Contains(label))
            {
                continue;
            }

            yield return (byLabel, $"{label}={value}");
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

        RemoveFromIndexes(key, old);
        return old;
    }

    private static void RemoveFromIndexes(ObjectKey key, Entry entry)
    {
        foreach (var (map, value) in entry.Indexed)
        {
            if (map.TryGetValue(value, out var set) && set.Remove(key) && set.Count == 0)
            {
                map.Remove(value);
            }
        }
    }

    /// <summary>A stored object: packed, its resource version (a re-list compares it) and where the indexes file it.</summary>
    private sealed record Entry(byte[] Packed, string? ResourceVersion, (Dictionary<string, IndexBucket> Map, string Value)[] Indexed);
}
