using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// The cluster's etcd: objects by resource and key, one global revision counter, a bounded history of
/// changes for watches that resume from a resourceVersion, and live subscribers.
/// Every write runs under one lock, so revisions are strictly ordered and a watch started at revision R
/// sees exactly the changes after R. Reads of one object (<see cref="Get"/>) take no lock: each object is replaced
/// whole, so a reader sees the last committed revision even while a long read-modify-write holds the lock (the
/// simulated controllers read far more than they write). Semantics (admission, generation, finalizers) live in
/// <see cref="Server.ResourceService"/>.
/// </summary>
public sealed class ObjectStore
{
    // System.Threading.Lock rather than a Monitor: it spins adaptively, and a contended Monitor burnt a sixth of the
    // cluster's CPU spinning while a long read-modify-write held the store (profiles of the benchmarks on two cores).
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StoredObject>> _objects = new(StringComparer.Ordinal);
    // The indexes are changed only under the lock and read without it (Dependents, Current). An owner's dependents are
    // an array replaced whole on change, and a write never takes an object out of an index it stays in, so a reader
    // never misses an object that exists (a controller that missed its ReplicaSet would create another).
    private readonly ConcurrentDictionary<string, (string StorageKey, string Key)[]> _byOwner = new(StringComparer.Ordinal);

    // The keys of each resource by namespace: the controllers list one namespace at a time, and with ten thousand
    // pods (the benchmarks) scanning every pod for each such list cost more than anything else they did.
    private readonly ConcurrentDictionary<(string StorageKey, string Namespace), ConcurrentDictionary<string, bool>> _byNamespace = new();
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<StoreSubscription> _subscribers = [];
    private readonly int _historyLimit;
    private long _revision = 1;
    private long _compactedRevision;

    public ObjectStore(int historyLimit)
    {
        _historyLimit = Math.Max(1, historyLimit);
    }

    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>How many changes the watch history holds (at most the history limit).</summary>
    public int HistoryCount
    {
        get { lock (_gate) { return _history.Count; } }
    }

    /// <summary>Runs a read-modify-write atomically with respect to every other write.</summary>
    public T Locked<T>(Func<T> body)
    {
        lock (_gate)
        {
            return body();
        }
    }

    public StoredObject? Get(string storageKey, string? ns, string name) =>
        _objects.TryGetValue(storageKey, out var items) && items.TryGetValue(StoredObject.KeyOf(ns, name), out var found)
            ? found
            : null;

    /// <summary>A consistent snapshot of one resource (in one namespace, or all), ordered by key, and its revision.</summary>
    public (IReadOnlyList<StoredObject> Items, long Revision) List(string storageKey, string? ns)
    {
        StoredObject[] selected;
        long revision;
        lock (_gate)
        {
            revision = _revision;
            if (!_objects.TryGetValue(storageKey, out var items))
            {
                return ([], revision);
            }

            selected = Select(items, storageKey, ns);
        }

        // The snapshot is taken; ordering it needs no lock.
        Array.Sort(selected, ByKey);
        return (selected, revision);
    }

    /// <summary>
    /// The objects of one resource (in one namespace, or all) as they are now, ordered by key, without taking the lock:
    /// each is the latest committed revision of its object, but the set is not one snapshot at one revision (a write
    /// may land while it is read). For the simulated controllers, which are level-based and read again on every change;
    /// <paramref name="ordered"/> false skips the sort when order does not matter.
    /// </summary>
    public IReadOnlyList<StoredObject> Current(string storageKey, string? ns, bool ordered = true)
    {
        if (!_objects.TryGetValue(storageKey, out var items))
        {
            return [];
        }

        var selected = Select(items, storageKey, ns);
        if (ordered)
        {
            Array.Sort(selected, ByKey);
        }

        return selected;
    }

    public int Count(string storageKey) => _objects.TryGetValue(storageKey, out var items) ? items.Count : 0;

    /// <summary>Objects whose ownerReferences name this uid (only those of <paramref name="storageKey"/> when given), ordered by key.</summary>
    public IReadOnlyList<(string StorageKey, StoredObject Object)> Dependents(string ownerUid, string? storageKey = null)
    {
        if (!_byOwner.TryGetValue(ownerUid, out var refs))
        {
            return [];
        }

        var found = new List<(string StorageKey, StoredObject Object)>(refs.Length);
        foreach (var (kind, key) in refs)
        {
            if ((storageKey is null || kind == storageKey) && _objects.TryGetValue(kind, out var items) && items.TryGetValue(key, out var stored))
            {
                found.Add((kind, stored));
            }
        }

        found.Sort((a, b) => string.CompareOrdinal(a.StorageKey, b.StorageKey) is var byKind and not 0 ? byKind : string.CompareOrdinal(a.Object.Key, b.Object.Key));
        return found;
    }

    /// <summary>Stores a new revision of an object (ADDED when new, MODIFIED otherwise); sets its resourceVersion.</summary>
    public StoredObject Put(string storageKey, JsonObject obj)
    {
        lock (_gate)
        {
            var revision = Interlocked.Increment(ref _revision);
            obj["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
            var stored = StoredObject.From(obj, revision);
            var items = ItemsOf(storageKey);
            items.TryGetValue(stored.Key, out var previous);
            items[stored.Key] = stored;
            Reindex(storageKey, previous, stored);
            Publish(new WatchEvent(previous is null ? WatchEvent.Added : WatchEvent.Modified, storageKey, stored, previous));
            return stored;
        }
    }

    /// <summary>Removes an object; the DELETED event carries its last state at a new revision.</summary>
    public StoredObject? Remove(string storageKey, string? ns, string name)
    {
        lock (_gate)
        {
            var items = ItemsOf(storageKey);
            if (!items.TryRemove(StoredObject.KeyOf(ns, name), out var previous))
            {
                return null;
            }

            Reindex(storageKey, previous, null);
            var revision = Interlocked.Increment(ref _revision);
            var last = previous.ToJsonObject();
            last["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
            var deleted = StoredObject.From(last, revision);
            Publish(new WatchEvent(WatchEvent.Deleted, storageKey, deleted, previous));
            return deleted;
        }
    }

    /// <summary>
    /// Subscribes to changes after <paramref name="fromRevision"/> (replayed from history) and every later one.
    /// Throws <see cref="ResourceExpiredException"/> when that revision has been compacted away (HTTP 410).
    /// </summary>
    public StoreSubscription Subscribe(string? storageKey, long fromRevision) =>
        Subscribe(storageKey is null ? null : [storageKey], fromRevision);

    /// <summary>As <see cref="Subscribe(string?, long)"/>, for the changes of several resources (all when null).</summary>
    public StoreSubscription Subscribe(IReadOnlyCollection<string>? storageKeys, long fromRevision)
    {
        lock (_gate)
        {
            if (fromRevision < _compactedRevision)
            {
                throw new ResourceExpiredException(fromRevision, _compactedRevision);
            }

            var subscription = new StoreSubscription(this, storageKeys);
            foreach (var change in _history)
            {
                if (change.Revision > fromRevision)
                {
                    subscription.Offer(change);
                }
            }

            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Forgets all history, as etcd compaction does: watches from any older revision get 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedRevision = _revision;
        }
    }

    internal void Unsubscribe(StoreSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    private ConcurrentDictionary<string, StoredObject> ItemsOf(string storageKey) =>
        _objects.GetOrAdd(storageKey, _ => new ConcurrentDictionary<string, StoredObject>(StringComparer.Ordinal));

    private void Publish(WatchEvent change)
    {
        _history.Enqueue(change);
        while (_history.Count > _historyLimit)
        {
            _compactedRevision = _history.Dequeue().Revision;
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(change);
        }
    }

    private static readonly Comparison<StoredObject> ByKey = (a, b) => string.CompareOrdinal(a.Key, b.Key);

    private StoredObject[] Select(ConcurrentDictionary<string, StoredObject> items, string storageKey, string? ns)
    {
        if (ns is null)
        {
            return [.. items.Values];
        }

        if (!_byNamespace.TryGetValue((storageKey, ns), out var keys))
        {
            return [];
        }

        var selected = new List<StoredObject>(keys.Count);
        foreach (var key in keys.Keys)
        {
            if (items.TryGetValue(key, out var stored))
            {
                selected.Add(stored);
            }
        }

        return [.. selected];
    }

    /// <summary>Moves an object's index entries from its previous revision to its new one (null: removed).</summary>
    private void Reindex(string storageKey, StoredObject? previous, StoredObject? stored)
    {
        var key = (stored ?? previous)!.Key;
        if ((stored ?? previous)!.Namespace is { Length: > 0 } ns)
        {
            if (stored is null)
            {
                if (_byNamespace.TryGetValue((storageKey, ns), out var keys) && keys.TryRemove(key, out _) && keys.IsEmpty)
                {
                    _byNamespace.TryRemove((storageKey, ns), out _);
                }
            }
            else
            {
                _byNamespace.GetOrAdd((storageKey, ns), _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal))[key] = true;
            }
        }

        var before = previous?.OwnerUids ?? [];
        var after = stored?.OwnerUids ?? [];
        foreach (var owner in before.Except(after, StringComparer.Ordinal))
        {
            if (_byOwner.TryGetValue(owner, out var refs))
            {
                var kept = Array.FindAll(refs, r => r != (storageKey, key));
                if (kept.Length == 0)
                {
                    _byOwner.TryRemove(owner, out _);
                }
                else
                {
                    _byOwner[owner] = kept;
                }
            }
        }

        foreach (var owner in after.Except(before, StringComparer.Ordinal))
        {
            _byOwner[owner] = _byOwner.TryGetValue(owner, out var refs) ? [.. refs, (storageKey, key)] : [(storageKey, key)];
        }
    }
}
