using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission.Quota;

/// <summary>
/// What quota counts for one kind (upstream's quota.Evaluator, pkg/quota/v1/evaluator/core and generic): which
/// operations it charges, which quota resource names it tracks, the usage of one object, and the constraints an
/// object must meet under a quota (pods: explicit cpu/memory requests and limits).
/// </summary>
internal abstract class QuotaEvaluator(ResourceType type)
{
    public ResourceType Type { get; } = type;

    /// <summary>count/&lt;resource&gt; for the core group, count/&lt;resource&gt;.&lt;group&gt; otherwise.</summary>
    public string CountName => Type.Group.Length == 0 ? $"count/{Type.Plural}" : $"count/{Type.Plural}.{Type.Group}";

    /// <summary>Object counts are charged on create only; evaluators of resources that can grow say otherwise.</summary>
    public virtual bool Handles(string operation) => operation == "CREATE";

    public abstract bool Tracks(string resourceName);

    /// <summary>Whether a quota's scopes select the object: only pods have scopes; a scoped quota counts nothing else.</summary>
    public virtual bool MatchesScopes(JsonObject quota, JsonObject obj) => !Scopes(quota).Any();

    /// <summary>A quota's scopes and scope selector terms as (scope, operator, values).</summary>
    public static IEnumerable<(string Scope, string Operator, IReadOnlyList<string> Values)> Scopes(JsonObject quota)
    {
        var spec = quota.ObjectAt("spec");
        foreach (var scope in spec?["scopes"] as JsonArray ?? [])
        {
            yield return (scope?.ToString() ?? "", "Exists", []);
        }

        foreach (var term in spec?.ObjectAt("scopeSelector").Objects("matchExpressions") ?? [])
        {
            var values = term["values"] is JsonArray array ? array.Select(v => v?.ToString() ?? "").ToList() : [];
            yield return (term.Str("scopeName") ?? "", term.Str("operator") ?? "", values);
        }
    }

    /// <summary>Why the object cannot be admitted under a quota tracking <paramref name="required"/>; null when it can.</summary>
    public virtual string? Constraints(IReadOnlyCollection<string> required, JsonObject obj) => null;

    public abstract Dictionary<string, ResourceQuantity> Usage(JsonObject obj, DateTimeOffset now);

    public static QuotaEvaluator? For(ResourceType type)
    {
        if (!type.Namespaced || type == BuiltinResources.Events || type == BuiltinResources.EventsV1)
        {
            return null;
        }

        if (type == BuiltinResources.Pods)
        {
            return new PodQuotaEvaluator();
        }

        if (type == BuiltinResources.Services)
        {
            return new ServiceQuotaEvaluator();
        }

        if (type == BuiltinResources.PersistentVolumeClaims)
        {
            return new PersistentVolumeClaimQuotaEvaluator();
        }

        // configmaps, secrets and resourcequotas also answer to their legacy names.
        var alias = type == BuiltinResources.ConfigMaps || type == BuiltinResources.Secrets || type == BuiltinResources.ResourceQuotas ? type.Plural : null;
        return new ObjectCountEvaluator(type, alias);
    }
}

/// <summary>Any other namespaced kind: one object, under count/&lt;resource&gt;.&lt;group&gt; (and a legacy alias).</summary>
internal sealed class ObjectCountEvaluator(ResourceType type, string? alias) : QuotaEvaluator(type)
{
    public override bool Tracks(string resourceName) => resourceName == CountName || resourceName == alias;

    public override Dictionary<string, ResourceQuantity> Usage(JsonObject obj, DateTimeOffset now)
    {
        var usage = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { [CountName] = ResourceQuantity.One };
        if (alias is not null)
        {
            usage[alias] = ResourceQuantity.One;
        }

        return usage;
    }
}

/// <summary>services, services.loadbalancers and services.nodeports, charged on create and on a type change.</summary>
internal sealed class ServiceQuotaEvaluator() : QuotaEvaluator(BuiltinResources.Services)
{
    public override bool Handles(string operation) => operation is "CREATE" or "UPDATE";

    public override bool Tracks(string resourceName) =>
        resourceName is "services" or "count/services" or "services.loadbalancers" or "services.nodeports";

    public override Dictionary<string, ResourceQuantity> Usage(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj.ObjectAt("spec");
        var ports = spec.Objects("ports").ToList();
        var nodePorts = spec.Str("type") switch
        {
            "NodePort" => ports.Count,
            // Without node ports allocated for a load balancer only the ports that name one count.
            "LoadBalancer" when spec.Bool("allocateLoadBalancerNodePorts") == false => ports.Count(p => p.Long("nodePort") is > 0),
            "LoadBalancer" => ports.Count,
            _ => 0,
        };
        return new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["services"] = ResourceQuantity.One,
            ["count/services"] = ResourceQuantity.One,
            ["services.loadbalancers"] = new(spec.Str("type") == "LoadBalancer" ? 1 : 0, QuantityFormat.DecimalSI),
            ["services.nodeports"] = new(nodePorts, QuantityFormat.DecimalSI),
        };
    }
}

/// <summary>
/// persistentvolumeclaims and requests.storage, in total and per class
/// (&lt;class&gt;.storageclass.storage.k8s.io/requests.storage and /persistentvolumeclaims); a resize is charged too.
/// </summary>
internal sealed class PersistentVolumeClaimQuotaEvaluator() : QuotaEvaluator(BuiltinResources.PersistentVolumeClaims)
{
    private const string ClassSuffix = ".storageclass.storage.k8s.io/";

    public override bool Handles(string operation) => operation is "CREATE" or "UPDATE";

    public override bool Tracks(string resourceName) =>
        resourceName is "persistentvolumeclaims" or "count/persistentvolumeclaims" or "requests.storage"
        || (resourceName.Contains(ClassSuffix, StringComparison.Ordinal)
            && (resourceName.EndsWith("/requests.storage", StringComparison.Ordinal) || resourceName.EndsWith("/persistentvolumeclaims", StringComparison.Ordinal)));

    public override Dictionary<string, ResourceQuantity> Usage(JsonObject obj, DateTimeOffset now)
    {
        var usage = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["persistentvolumeclaims"] = ResourceQuantity.One,
            ["count/persistentvolumeclaims"] = ResourceQuantity.One,
        };
        var spec = obj.ObjectAt("spec");
        var storageClass = spec.Str("storageClassName") ?? obj.Metadata().StringMap("annotations").GetValueOrDefault("volume.beta.kubernetes.io/storage-class") ?? "";
        if (storageClass.Length > 0)
        {
            usage[storageClass + ClassSuffix + "persistentvolumeclaims"] = ResourceQuantity.One;
        }

        if (ResourceQuantity.Parse(spec?.ObjectAt("resources")?.ObjectAt("requests").Str("storage")) is { } storage)
        {
            usage["requests.storage"] = storage;
            if (storageClass.Length > 0)
            {
                usage[storageClass + ClassSuffix + "requests.storage"] = storage;
            }
        }

        return usage;
    }
}
