using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission.Quota;

/// <summary>
/// Pods (pkg/quota/v1/evaluator/core/pods.go): pods, count/pods and the compute resources (cpu, memory,
/// ephemeral-storage as requests.*, limits.* and the short request names, hugepages, extended requests.*), charged
/// on create. A pod in a terminal phase, or deleted past its grace period, counts only under count/pods. Under a
/// quota on cpu or memory every container must state that request or limit (the "failed quota" constraint).
/// </summary>
internal sealed class PodQuotaEvaluator() : QuotaEvaluator(BuiltinResources.Pods)
{
    private static readonly HashSet<string> ComputeResources =
    [
        "pods", "count/pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    ];

    /// <summary>The resources every container must state under a quota (a backward-compatibility rule upstream keeps).</summary>
    private static readonly HashSet<string> ValidationSet = ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

    public override bool Tracks(string resourceName) =>
        ComputeResources.Contains(resourceName)
        || resourceName.StartsWith("hugepages-", StringComparison.Ordinal)
        || resourceName.StartsWith("requests.hugepages-", StringComparison.Ordinal)
        || (resourceName.StartsWith("requests.", StringComparison.Ordinal) && resourceName.Contains('/', StringComparison.Ordinal));

    public override bool MatchesScopes(JsonObject quota, JsonObject obj) =>
        Scopes(quota).All(s => MatchesScope(s.Scope, s.Operator, s.Values, obj));

    public override string? Constraints(IReadOnlyCollection<string> required, JsonObject obj)
    {
        var requiredSet = required.Where(ValidationSet.Contains).ToHashSet(StringComparer.Ordinal);
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var spec = obj.ObjectAt("spec");
        foreach (var container in spec.Objects("containers").Concat(spec.Objects("initContainers")))
        {
            var resources = container.ObjectAt("resources");
            var stated = ComputeUsage(ResourceList.FromJson(resources?["requests"]), ResourceList.FromJson(resources?["limits"])).Keys;
            foreach (var name in requiredSet.Except(stated))
            {
                if (!missing.TryGetValue(name, out var containers))
                {
                    missing[name] = containers = new SortedSet<string>(StringComparer.Ordinal);
                }

                containers.Add(container.Str("name") ?? "");
            }
        }

        return missing.Count == 0
            ? null
            : "must specify " + string.Join("; ", missing.Select(kv => $"{kv.Key} for: {string.Join(",", kv.Value)}"));
    }

    public override Dictionary<string, ResourceQuantity> Usage(JsonObject obj, DateTimeOffset now)
    {
        var usage = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["count/pods"] = ResourceQuantity.One };
        if (!Charged(obj, now))
        {
            return usage;
        }

        var spec = obj.ObjectAt("spec");
        return ResourceList.Add(usage, ComputeUsage(PodTotal(spec, "requests"), PodTotal(spec, "limits")));
    }

    /// <summary>Not in a terminal phase, and not deleted longer ago than its grace period (QuotaV1Pod).</summary>
    public static bool Charged(JsonObject pod, DateTimeOffset now)
    {
        if (Pods.Phase(pod) is "Succeeded" or "Failed")
        {
            return false;
        }

        var meta = pod.Metadata();
        if (meta.Str("deletionTimestamp") is { } deleted && meta.Long("deletionGracePeriodSeconds") is { } grace
            && DateTimeOffset.TryParse(deleted, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return now <= at.AddSeconds(grace);
        }

        return true;
    }

    /// <summary>
    /// The pod's effective requests or limits: the sum over containers and sidecars (restartable init containers),
    /// at least each ordinary init container's, plus the pod overhead (resourcehelper.PodRequests, simplified).
    /// </summary>
    private static Dictionary<string, ResourceQuantity> PodTotal(JsonObject? spec, string kind)
    {
        Dictionary<string, ResourceQuantity> Of(JsonObject container) => ResourceList.FromJson(container.ObjectAt("resources")?[kind]);
        var sum = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var container in spec.Objects("containers").Concat(spec.Objects("initContainers").Where(c => c.Str("restartPolicy") == "Always")))
        {
            sum = ResourceList.Add(sum, Of(container));
        }

        foreach (var init in spec.Objects("initContainers").Where(c => c.Str("restartPolicy") != "Always"))
        {
            foreach (var (name, quantity) in Of(init))
            {
                if (!sum.TryGetValue(name, out var current) || current.Value < quantity.Value)
                {
                    sum[name] = quantity;
                }
            }
        }

        return ResourceList.Add(sum, ResourceList.FromJson(spec?["overhead"]));
    }

    /// <summary>A container's (or pod's) requests and limits under their quota names (podComputeUsageHelper).</summary>
    private static Dictionary<string, ResourceQuantity> ComputeUsage(Dictionary<string, ResourceQuantity> requests, Dictionary<string, ResourceQuantity> limits)
    {
        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["pods"] = ResourceQuantity.One };
        foreach (var name in new[] { "cpu", "memory", "ephemeral-storage" })
        {
            if (requests.TryGetValue(name, out var request))
            {
                result[name] = request;
                result["requests." + name] = request;
            }

            if (limits.TryGetValue(name, out var limit))
            {
                result["limits." + name] = limit;
            }
        }

        foreach (var (name, request) in requests)
        {
            if (name.StartsWith("hugepages-", StringComparison.Ordinal))
            {
                result[name] = request;
                result["requests." + name] = request;
            }
            else if (name.Contains('/', StringComparison.Ordinal))
            {
                result["requests." + name] = request;
            }
        }

        return result;
    }

    private static bool MatchesScope(string scope, string op, IReadOnlyList<string> values, JsonObject pod)
    {
        var spec = pod.ObjectAt("spec");
        return scope switch
        {
            "Terminating" => spec.Long("activeDeadlineSeconds") is >= 0,
            "NotTerminating" => spec.Long("activeDeadlineSeconds") is not >= 0,
            "BestEffort" => IsBestEffort(spec),
            "NotBestEffort" => !IsBestEffort(spec),
            "PriorityClass" => MatchesPriorityClass(op, values, spec.Str("priorityClassName") ?? ""),
            "CrossNamespacePodAffinity" => false,
            _ => false,
        };
    }

    private static bool MatchesPriorityClass(string op, IReadOnlyList<string> values, string priorityClass) => op switch
    {
        "Exists" => priorityClass.Length > 0,
        "DoesNotExist" => priorityClass.Length == 0,
        "In" => priorityClass.Length > 0 && values.Contains(priorityClass),
        "NotIn" => priorityClass.Length == 0 || !values.Contains(priorityClass),
        _ => false,
    };

    private static bool IsBestEffort(JsonObject? spec) =>
        spec.Objects("containers").Concat(spec.Objects("initContainers")).All(c =>
            c.ObjectAt("resources")?.ObjectAt("requests") is not { Count: > 0 } && c.ObjectAt("resources")?.ObjectAt("limits") is not { Count: > 0 });
}
