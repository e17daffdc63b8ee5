using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Cluster;

/// <summary>
/// The namespace controller: a namespace being deleted has every namespaced object in it deleted (custom resources
/// included); while some remain (held by finalizers) its status says which, as upstream's conditions do; once it is
/// empty the "kubernetes" finalizer is cleared from spec.finalizers and the apiserver removes the namespace.
/// </summary>
internal sealed class NamespaceController(TimeProvider clock) : ReconcileLoop(clock)
{
    private static readonly WriteOptions Write = WriteOptions.System("namespace-controller");
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.Namespaces, null, new ListOptions()).Items.Select(n => n.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Namespaces.StorageKey)
        {
            return change.Type == WatchEvent.Deleted ? [] : [change.Object.Key];
        }

        return change.Type == WatchEvent.Deleted && change.Object.Namespace is { } ns ? [ns] : [];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        if (api.TryGet(BuiltinResources.Namespaces, null, key) is not { } ns || !ns.IsDeleting())
        {
            return null;
        }

        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var finalizers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in api.Registry.All.Where(t => t.Namespaced).DistinctBy(t => t.StorageKey))
        {
            foreach (var stored in api.List(type, key, new ListOptions()).Items)
            {
                var obj = stored.ToJsonObject();
                if (!obj.IsDeleting())
                {
                    try
                    {
                        if (api.Delete(type, key, obj.Name(), new DeleteOptions(PreconditionUid: obj.Uid())).Removed)
                        {
                            continue;
                        }
                    }
                    catch (ApiException e) when (e.Code is 404 or 409)
                    {
                        continue;
                    }
                }

                var resource = $"{type.Plural}.{type.Group}";
                remaining[resource] = remaining.GetValueOrDefault(resource) + 1;
                foreach (var finalizer in api.TryGet(type, key, obj.Name())?.Finalizers() ?? [])
                {
                    finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + 1;
                }
            }
        }

        if (remaining.Count > 0)
        {
            ReportRemaining(api, ns, remaining, finalizers);
            return Recheck;
        }

        var spec = ns.Child("spec");
        if (spec["finalizers"] is JsonArray list)
        {
            var kept = list.Select(f => f?.ToString()).Where(f => f is not null && f != "kubernetes").Select(f => (JsonNode?)JsonValue.Create(f)).ToJsonArray();
            if (kept.Count == list.Count)
            {
                return null;
            }

            spec["finalizers"] = kept;
            if (kept.Count == 0)
            {
                spec.Remove("finalizers");
            }

            api.Update(BuiltinResources.Namespaces, null, key, ns, null, Write);
        }

        return null;
    }

    private void ReportRemaining(ResourceService api, JsonObject ns, Dictionary<string, int> remaining, Dictionary<string, int> finalizers)
    {
        var status = ns.ObjectAt("status")?.DeepClone() as JsonObject ?? new JsonObject();
        status["phase"] = "Terminating";
        var content = string.Join(", ", remaining.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} has {r.Value} resource instances"));
        Conditions.Set(status, "NamespaceContentRemaining", "True", "SomeResourcesRemain", $"Some resources are remaining: {content}", Now);
        if (finalizers.Count > 0)
        {
            var held = string.Join(", ", finalizers.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} in {f.Value} resource instances"));
            Conditions.Set(status, "NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", $"Some content in the namespace has finalizers remaining: {held}", Now);
        }

        if (!JsonFields.SameContent(ns["status"], status))
        {
            ns["status"] = status;
            api.Update(BuiltinResources.Namespaces, null, ns.Name(), ns, "status", Write);
        }
    }
}
