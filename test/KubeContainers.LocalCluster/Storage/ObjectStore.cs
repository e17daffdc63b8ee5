using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// The cluster's etcd: objects by resource and key, one global revision counter, a bounded history of
/// changes for watches that resume from a resourceVersion, and live subscribers.
/// Every write runs under one lock, so revisions are strictly ordered and a watch started at revision R
/// sees exactly the changes after R. Semantics (admission, generation, finalizers) live in <see cref="Server.ResourceService"/>.
/// </summary>
public sealed class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, StoredObject>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string StorageKey, string Key)>> _byOwner = new(StringComparer.Ordinal);

    // The keys of each resource by namespace: the controllers list one namespace at a time, and with ten thousand
    // pods (the benchmarks) scanning every pod for each such list cost more than anything else they did.
    private readonly Dictionary<(string StorageKey, string Namespace), HashSet<string>> _byNamespace = new();
    private readonly Queue<WatchEvent> _history = new();
    private readonly List<StoreSubscription> _subscribers = [];
    private readonly int _historyLimit;
    private long _revision = 1;
    private long _compactedRevision;

    public ObjectStore(int historyLimit)
    {
        _historyLimit = Math.Max(1, historyLimit);
    }

    public long Revision
    {
        get { lock (_gate) { return _revision; } }
    }

    /// <summary>Runs a read-modify-write atomically with respect to every other write.</summary>
    public T Locked<T>(Func<T> body)
    {
        lock (_gate)
        {
            return body();
        }
    }

    public StoredObject? Get(string storageKey, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(storageKey, out var items) && items.TryGetValue(StoredObject.KeyOf(ns, name), out var found)
                ? found
                : null;
        }
    }

    /// <summary>A consistent snapshot of one resource (in one namespace, or all), ordered by key, and its revision.</summary>
    public (IReadOnlyList<StoredObject> Items, long Revision) List(string storageKey, string? ns)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(storageKey, out var items))
            {
                return ([], _revision);
            }

            var selected = ns is null
                ? items.Values
                : _byNamespace.TryGetValue((storageKey, ns), out var keys) ? keys.Select(k => items[k]) : [];
            return (selected.OrderBy(o => o.Key, StringComparer.Ordinal).ToList(), _revision);
        }
    }

    public int Count(string storageKey)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(storageKey, out var items) ? items.Count : 0;
        }
    }

    /// <summary>Objects whose ownerReferences name this uid.</summary>
    public IReadOnlyList<(string StorageKey, StoredObject Object)> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            if (!_byOwner.TryGetValue(ownerUid, out var refs))
            {
                return [];
            }

            return refs.Select(r => (r.StorageKey, _objects[r.StorageKey][r.Key])).ToList();
        }
    }

    /// <summary>Stores a new revision of an object (ADDED when new, MODIFIED otherwise); sets its resourceVersion.</summary>
    public StoredObject Put(string storageKey, JsonObject obj)
    {
        lock (_gate)
        {
            var revision = ++_revision;
            obj["metadata"]!["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
            var stored = StoredObject.From(obj, revision);
            var items = ItemsOf(storageKey);
            items.TryGetValue(stored.Key, out var previous);
            items[stored.Key] = stored;
            Unindex(storageKey, previous);
            Index(storageKey, stored);
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
            if (!items.Remove(StoredObject.KeyOf(ns, name), out var previous))
            {
                return null;
            }

            Unindex(storageKey, previous);
            var revision = ++_revision;
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
    public StoreSubscription Subscribe(string? storageKey, long fromRevision)
    {
        lock (_gate)
        {
            if (fromRevision < _compactedRevision)
            {
                throw new ResourceExpiredException(fromRevision, _compactedRevision);
            }

            var subscription = new StoreSubscription(this, storageKey);
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

    private Dictionary<string, StoredObject> ItemsOf(string storageKey)
    {
        if (!_objects.TryGetValue(storageKey, out var items))
        {
            items = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            _objects[storageKey] = items;
        }

        return items;
    }

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

    private void Index(string storageKey, StoredObject stored)
    {
        if (stored.Namespace is { Length: > 0 } ns)
        {
            if (!_byNamespace.TryGetValue((storageKey, ns), out var keys))
            {
                keys = new HashSet<string>(StringComparer.Ordinal);
                _byNamespace[(storageKey, ns)] = keys;
            }

            keys.Add(stored.Key);
        }

        foreach (var owner in stored.OwnerUids)
        {
            if (!_byOwner.TryGetValue(owner, out var set))
            {
                set = [];
                _byOwner[owner] = set;
            }

            set.Add((storageKey, stored.Key));
        }
    }

    private void Unindex(string storageKey, StoredObject? stored)
    {
        if (stored is null)
        {
            return;
        }

        if (stored.Namespace is { Length: > 0 } ns && _byNamespace.TryGetValue((storageKey, ns), out var keys) && keys.Remove(stored.Key) && keys.Count == 0)
        {
            _byNamespace.Remove((storageKey, ns));
        }

        foreach (var owner in stored.OwnerUids)
        {
            if (_byOwner.TryGetValue(owner, out var set) && set.Remove((storageKey, stored.Key)) && set.Count == 0)
            {
                _byOwner.Remove(owner);
            }
        }
    }
}
