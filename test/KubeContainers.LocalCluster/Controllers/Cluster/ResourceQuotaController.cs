using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Admission.Quota;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Cluster;

/// <summary>
/// The resource quota controller: writes each quota's status.hard (its spec.hard) and status.used, recalculated from
/// the objects in its namespace whenever one of them or the quota changes (upstream also resyncs every five
/// minutes; a change-driven recalculation makes that unnecessary here). Admission adds what it admits to
/// status.used at once; this loop is what gives usage back when objects go away or pods finish.
/// </summary>
internal sealed class ResourceQuotaController(TimeProvider clock) : ReconcileLoop(clock)
{
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.ResourceQuotas, null, new ListOptions()).Items.Select(o => o.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.ResourceQuotas.StorageKey)
        {
            return [change.Object.Key];
        }

        if (change.Object.Namespace is not { Length: > 0 } ns
            || change.StorageKey == BuiltinResources.Events.StorageKey || change.StorageKey == BuiltinResources.EventsV1.StorageKey)
        {
            return [];
        }

        // Every write in the cluster passes here: read the quotas without the store lock.
        return api.Store.Current(BuiltinResources.ResourceQuotas.StorageKey, ns, ordered: false).Select(q => q.Key);
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.ResourceQuotas, ns, name) is not { } quota)
        {
            return null;
        }

        // Read the quota before the objects: an admission in between moves its resourceVersion, so the write below
        // conflicts and the loop counts again, never losing what admission reserved.
        var hard = ResourceList.FromJson(quota.ObjectAt("spec")?["hard"]);
        var used = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var evaluator in EvaluatorsFor(api, hard.Keys))
        {
            var tracked = hard.Keys.Where(evaluator.Tracks).ToList();
            foreach (var obj in api.Store.List(evaluator.Type.StorageKey, ns).Items.Select(o => o.ToJsonObject()))
            {
                if (evaluator.MatchesScopes(quota, obj))
                {
                    used = ResourceList.Add(used, ResourceList.Mask(evaluator.Usage(obj, Now), tracked));
                }
            }
        }

        foreach (var resource in hard.Keys.Where(r => !used.ContainsKey(r)))
        {
            used[resource] = ResourceQuantity.Zero;
        }

        var status = new JsonObject { ["hard"] = ResourceList.ToJson(hard), ["used"] = ResourceList.ToJson(used) };
        if (!JsonNode.DeepEquals(quota["status"], status))
        {
            quota["status"] = status;
            api.Update(BuiltinResources.ResourceQuotas, ns, name, quota, "status", Write);
        }

        return null;
    }

    /// <summary>One evaluator per kind the quota's resource names touch (count/&lt;resource&gt;.&lt;group&gt; names any namespaced kind).</summary>
    private static IEnumerable<QuotaEvaluator> EvaluatorsFor(ResourceService api, IEnumerable<string> resourceNames)
    {
        var names = resourceNames.ToList();
        var types = new List<ResourceType> { BuiltinResources.Pods, BuiltinResources.Services, BuiltinResources.PersistentVolumeClaims, BuiltinResources.ConfigMaps, BuiltinResources.Secrets, BuiltinResources.ResourceQuotas };
        foreach (var name in names.Where(n => n.StartsWith("count/", StringComparison.Ordinal)))
        {
            var resource = name["count/".Length..];
            var dot = resource.IndexOf('.', StringComparison.Ordinal);
            var (plural, group) = dot < 0 ? (resource, "") : (resource[..dot], resource[(dot + 1)..]);
            if (api.Registry.All.FirstOrDefault(t => t.Plural == plural && t.Group == group && t.Namespaced) is { } type && !types.Contains(type))
            {
                types.Add(type);
            }
        }

        return types.Select(QuotaEvaluator.For).OfType<QuotaEvaluator>().Where(e => names.Any(e.Tracks));
    }
}
