using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Cluster;

/// <summary>
/// The garbage collector, on the store's owner index: an object whose owners are all gone is deleted (background
/// cascade) and one with some owners gone loses those references; an owner being deleted in the foreground
/// (finalizer foregroundDeletion) has its dependents deleted and loses the finalizer once no dependent with
/// blockOwnerDeletion is left; an orphaning owner (finalizer orphan) has its references removed from every dependent,
/// then loses the finalizer. Work keys are "storageKey|namespace/name". As upstream's graph builder, a change is looked
/// at only when it can matter: an object added, its ownerReferences changed, an owner gone, or a deleting owner with
/// the foregroundDeletion or orphan finalizer; a status write of a dependent costs nothing.
/// </summary>
internal sealed class GarbageCollector(TimeProvider clock) : ReconcileLoop(clock)
{
    private const string Foreground = "foregroundDeletion";
    private const string Orphan = "orphan";
    private static readonly WriteOptions Write = WriteOptions.System("generic-garbage-collector");

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.Registry.All.Select(t => t.StorageKey).Distinct(StringComparer.Ordinal)
            .SelectMany(storageKey => api.Store.List(storageKey, null).Items
                .Where(o => o.OwnerUids.Count > 0 || o.IsDeleting)
                .Select(o => Key(storageKey, o)))
            .ToList();

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        var keys = new List<string>();
        if (change.Type == WatchEvent.Deleted)
        {
            // Dependents may now be orphans; owners waiting in the foreground may now be free.
            keys.AddRange(api.Store.Dependents(change.Object.Uid).Select(d => Key(d.StorageKey, d.Object)));
            var gone = change.Object.OwnerUids.Count > 0 ? change.Object.ToJsonObject() : null;
            foreach (var reference in gone?.Metadata().Objects("ownerReferences") ?? [])
            {
                if (Resolve(api, reference, gone!.Namespace()) is { } owner)
                {
                    keys.Add($"{owner.Type.StorageKey}|{StoredObject.KeyOf(owner.Namespace, reference.Str("name") ?? "")}");
                }
            }

            return keys;
        }

        var ownersChanged = change.Object.OwnerUids.Count > 0 &&
            (change.Previous is not { } before || !before.OwnerUids.SequenceEqual(change.Object.OwnerUids, StringComparer.Ordinal));
        if (ownersChanged || (change.Object.IsDeleting && change.Object.Finalizers.Any(f => f is Foreground or Orphan)))
        {
            keys.Add(Key(change.StorageKey, change.Object));
        }

        return keys;
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        var storageKey = key[..bar];
        var (ns, name) = SplitKey(key[(bar + 1)..]);
        var type = api.Registry.All.FirstOrDefault(t => t.StorageKey == storageKey);
        if (type is null || api.TryGet(type, ns, name) is not { } obj)
        {
            return null;
        }

        if (obj.IsDeleting() && obj.Finalizers().Contains(Orphan))
        {
            OrphanDependents(api, type, obj);
            return null;
        }

        if (obj.IsDeleting() && obj.Finalizers().Contains(Foreground))
        {
            DeleteDependents(api, type, obj);
            return null;
        }

        CollectIfOrphaned(api, type, obj);
        return null;
    }

    private static void OrphanDependents(ResourceService api, ResourceType type, JsonObject owner)
    {
        foreach (var (dependentKey, stored) in api.Store.Dependents(owner.Uid()))
        {
            var dependentType = api.Registry.All.First(t => t.StorageKey == dependentKey);
            var dependent = stored.ToJsonObject();
            var refs = dependent.Metadata()["ownerReferences"] as JsonArray ?? [];
            foreach (var reference in refs.OfType<JsonObject>().Where(r => r.Str("uid") == owner.Uid()).ToList())
            {
                refs.Remove(reference);
            }

            if (refs.Count == 0)
            {
                dependent.Metadata().Remove("ownerReferences");
            }

            api.Update(dependentType, dependent.Namespace(), dependent.Name(), dependent, null, Write);
        }

        owner.SetFinalizers(owner.Finalizers().Where(f => f != Orphan));
        api.Update(type, owner.Namespace(), owner.Name(), owner, null, Write);
    }

    private static void DeleteDependents(ResourceService api, ResourceType type, JsonObject owner)
    {
        var blocked = false;
        foreach (var (dependentKey, stored) in api.Store.Dependents(owner.Uid()))
        {
            var dependentType = api.Registry.All.First(t => t.StorageKey == dependentKey);
            var dependent = stored.ToJsonObject();
            var blocks = dependent.Metadata().Objects("ownerReferences").Any(r => r.Str("uid") == owner.Uid() && r.Bool("blockOwnerDeletion") == true);
            if (!dependent.IsDeleting())
            {
                // A dependent with dependents of its own is deleted in the foreground too, so the chain unwinds bottom-up.
                var policy = api.Store.Dependents(dependent.Uid()).Count > 0 ? "Foreground" : "Background";
                try
                {
                    if (api.Delete(dependentType, dependent.Namespace(), dependent.Name(), new DeleteOptions(policy, dependent.Uid())).Removed)
                    {
                        continue;
                    }
                }
                catch (ApiException e) when (e.Code is 404 or 409)
                {
                    continue;
                }
            }

            blocked |= blocks;
        }

        if (!blocked)
        {
            owner.SetFinalizers(owner.Finalizers().Where(f => f != Foreground));
            api.Update(type, owner.Namespace(), owner.Name(), owner, null, Write);
        }
    }

    private static void CollectIfOrphaned(ResourceService api, ResourceType type, JsonObject obj)
    {
        var refs = obj.Metadata().Objects("ownerReferences").ToList();
        if (refs.Count == 0 || obj.IsDeleting())
        {
            return;
        }

        var absent = new List<JsonObject>();
        foreach (var reference in refs)
        {
            if (Resolve(api, reference, obj.Namespace()) is not { } owner)
            {
                return;
            }

            var live = api.TryGet(owner.Type, owner.Namespace, reference.Str("name") ?? "");
            if (live is null || live.Uid() != reference.Str("uid"))
            {
                absent.Add(reference);
            }
        }

        if (absent.Count == refs.Count)
        {
            try
            {
                api.Delete(type, obj.Namespace(), obj.Name(), new DeleteOptions("Background", obj.Uid()));
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                // Already gone or replaced.
            }
        }
        else if (absent.Count > 0)
        {
            var remaining = refs.Except(absent).Select(r => (JsonNode?)r.DeepClone()).ToJsonArray();
            obj.Metadata()["ownerReferences"] = remaining;
            api.Update(type, obj.Namespace(), obj.Name(), obj, null, Write);
        }
    }

    /// <summary>The owner's resource and namespace (an owner is in the dependent's namespace or cluster-scoped); null for an unknown kind.</summary>
    private static (ResourceType Type, string? Namespace)? Resolve(ResourceService api, JsonObject reference, string? dependentNamespace)
    {
        var type = api.Registry.FindByApiVersion(reference.Str("apiVersion") ?? "", reference.Str("kind") ?? "")
            ?? (reference.Str("apiVersion") is { } apiVersion && apiVersion.Contains('/', StringComparison.Ordinal)
                ? api.Registry.FindKind(apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)], reference.Str("kind") ?? "")
                : null);
        return type is null ? null : (type, type.Namespaced ? dependentNamespace : null);
    }

    private static string Key(string storageKey, StoredObject stored) => $"{storageKey}|{stored.Key}";
}
