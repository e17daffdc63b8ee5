using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The cluster IPs in use, as the apiserver's allocator keeps its bitmap: loaded once from the stored services, then
/// kept from the store's change feed (each service parsed once per revision). Allocating an address then costs the
/// changes since the last allocation, not a pass over every service: creating the ten-thousandth service (the
/// benchmarks) is as cheap as the first, and the store's lock, held during admission, is not held for a scan.
/// </summary>
internal sealed class ServiceClusterIps
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string?> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _used = new(StringComparer.Ordinal);
    private StoreSubscription? _changes;

    /// <summary>Whether <paramref name="ip"/> is some stored service's cluster IP.</summary>
    public bool IsUsed(ObjectStore store, string ip)
    {
        lock (_gate)
        {
            CatchUp(store);
            return _used.ContainsKey(ip);
        }
    }

    private void CatchUp(ObjectStore store)
    {
        if (_changes is null || _changes.Events.Completion.IsCompleted)
        {
            _byKey.Clear();
            _used.Clear();
            var (items, revision) = store.List(BuiltinResources.Services.StorageKey, null);
            foreach (var item in items)
            {
                Set(item.Key, item);
            }

            _changes = store.Subscribe(BuiltinResources.Services.StorageKey, revision);
        }

        while (_changes.Events.TryRead(out var change))
        {
            Set(change.Object.Key, change.Type == WatchEvent.Deleted ? null : change.Object);
        }
    }

    private void Set(string key, StoredObject? service)
    {
        if (_byKey.Remove(key, out var old) && old is not null && --_used[old] == 0)
        {
            _used.Remove(old);
        }

        if (service?.ToJsonObject().ObjectAt("spec").Str("clusterIP") is { Length: > 0 } ip && ip != "None")
        {
            _byKey[key] = ip;
            _used[ip] = _used.GetValueOrDefault(ip) + 1;
        }
    }
}
