using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Cluster;

/// <summary>
/// kube-controller-manager's clusterrole-aggregation controller: a ClusterRole with an <c>aggregationRule</c> has its
/// <c>rules</c> replaced by the rules of every other ClusterRole matching one of its <c>clusterRoleSelectors</c>, taken
/// selector by selector, each selector's roles in name order, without duplicates (so the order of the rules is
/// upstream's). Any ClusterRole change re-aggregates every aggregated role, as upstream does.
/// </summary>
internal sealed class ClusterRoleAggregationController(TimeProvider clock) : ReconcileLoop(clock)
{
    private static readonly WriteOptions Write = WriteOptions.System("clusterrole-aggregation-controller");

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.ClusterRoles.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) => AggregatedRoles(api);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change) => AggregatedRoles(api);

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        if (api.TryGet(BuiltinResources.ClusterRoles, null, key) is not { } role || role["aggregationRule"] is not JsonObject rule)
        {
            return null;
        }

        var selectors = rule["clusterRoleSelectors"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [];
        var roles = api.Store.Current(BuiltinResources.ClusterRoles.StorageKey, null).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var rules = new List<JsonNode>();
        // Selector by selector, each one's roles in name order: a role two selectors match is read twice, its rules
        // added once.
        foreach (var selector in selectors)
        {
            foreach (var stored in roles.Where(r => r.Name != key && LabelSelectors.Matches(selector, r.Labels)))
            {
                foreach (var candidate in stored.ToJsonObject()["rules"] as JsonArray ?? [])
                {
                    if (candidate is not null && !rules.Any(r => JsonNode.DeepEquals(r, candidate)))
                    {
                        rules.Add(candidate.DeepClone());
                    }
                }
            }
        }

        var aggregated = new JsonArray([.. rules]);
        if (JsonNode.DeepEquals(role["rules"] ?? new JsonArray(), aggregated))
        {
            return null;
        }

        role["rules"] = aggregated;
        api.Update(BuiltinResources.ClusterRoles, null, key, role, null, Write);
        return null;
    }

    private static IEnumerable<string> AggregatedRoles(ResourceService api) =>
        api.Store.Current(BuiltinResources.ClusterRoles.StorageKey, null)
            .Where(r => r.ToJsonObject()["aggregationRule"] is JsonObject)
            .Select(r => r.Name)
            .ToList();
}
