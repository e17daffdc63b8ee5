using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// One controller's parsed copies of a kind with few, rarely changing objects (the nodes), parsed again only when an
/// object's revision moves: the scheduler and the kubelet read a node for every pod. The copies are shared between
/// passes, so callers only read them. Not thread-safe: one controller's loop owns it.
/// </summary>
internal sealed class ParsedObjects(ResourceType type)
{
    private readonly Dictionary<string, (long Revision, JsonObject Object)> _byKey = new(StringComparer.Ordinal);

    public JsonObject? Get(ResourceService api, string? ns, string name) =>
        api.Store.Get(type.StorageKey, ns, name) is { } stored ? Parsed(stored) : null;

    /// <summary>Every object of the kind, ordered by key.</summary>
    public List<JsonObject> All(ResourceService api)
    {
        var current = api.Store.Current(type.StorageKey, null);
        if (_byKey.Count > current.Count)
        {
            var live = current.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in _byKey.Keys.Where(k => !live.Contains(k)).ToList())
            {
                _byKey.Remove(gone);
            }
        }

        return [.. current.Select(Parsed)];
    }

    private JsonObject Parsed(StoredObject stored)
    {
        if (!_byKey.TryGetValue(stored.Key, out var known) || known.Revision != stored.Revision)
        {
            known = (stored.Revision, stored.ToJsonObject());
            _byKey[stored.Key] = known;
        }

        return known.Object;
    }
}
