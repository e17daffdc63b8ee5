using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Nodes;

/// <summary>
/// What the scheduler needs of every pod (its node, whether it is active, its effective requests), loaded once and
/// then kept from the store's change feed, with each node's totals (active pods bound there and the sum of their
/// requests) kept as pods come and go: placing a pod costs a look at each node's totals instead of listing and
/// parsing every pod, which keeps clusters of ten thousand pods schedulable (the benchmarks). A summary never goes
/// back to an older revision. Not thread-safe: the scheduler's loop owns it.
/// </summary>
internal sealed class PodSummaries(Func<JsonObject, Dictionary<string, decimal>> requests)
{
    private readonly Dictionary<string, PodSummary> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeUsage> _byNode = new(StringComparer.Ordinal);

    public IReadOnlyCollection<PodSummary> All => _byKey.Values;

    /// <summary>The active pods bound to <paramref name="nodeName"/> and what they request.</summary>
    public NodeUsage OnNode(string nodeName) => _byNode.GetValueOrDefault(nodeName) ?? NodeUsage.Empty;

    public bool TryGet(string key, out PodSummary summary) => _byKey.TryGetValue(key, out summary!);

    public void Load(ResourceService api)
    {
        _byKey.Clear();
        _byNode.Clear();
        foreach (var item in api.Store.List(BuiltinResources.Pods.StorageKey, null).Items)
        {
            Observe(item.Key, item.Revision, item.ToJsonObject());
        }
    }

    public void Observe(string key, long revision, JsonObject pod)
    {
        if (!_byKey.TryGetValue(key, out var known) || known.Revision < revision)
        {
            Set(key, new PodSummary(key, revision, pod.ObjectAt("spec").Str("nodeName"), Pods.IsActive(pod), requests(pod)));
        }
    }

    /// <summary>A pod the scheduler itself just wrote, before its change arrives.</summary>
    public void Observe(JsonObject pod) =>
        Observe(StoredObject.KeyOf(pod.Namespace(), pod.Name()), long.Parse(pod.ResourceVersion() ?? "0", CultureInfo.InvariantCulture), pod);

    public void Forget(string key) => Set(key, null);

    private void Set(string key, PodSummary? summary)
    {
        if (_byKey.TryGetValue(key, out var old))
        {
            Count(old, -1);
        }

        if (summary is null)
        {
            _byKey.Remove(key);
            return;
        }

        _byKey[key] = summary;
        Count(summary, +1);
    }

    private void Count(PodSummary pod, int sign)
    {
        if (!pod.Active || pod.NodeName is not { Length: > 0 } node)
        {
            return;
        }

        var usage = _byNode.GetValueOrDefault(node) ?? new NodeUsage();
        usage.Pods += sign;
        foreach (var (resource, amount) in pod.Requests)
        {
            usage.Requests[resource] = usage.Requests.GetValueOrDefault(resource) + (sign * amount);
        }

        if (usage.Pods == 0)
        {
            _byNode.Remove(node);
        }
        else
        {
            _byNode[node] = usage;
        }
    }
}

/// <summary>The active pods bound to one node: how many, and the sum of their effective requests by resource.</summary>
internal sealed class NodeUsage
{
    public static readonly NodeUsage Empty = new();

    public int Pods { get; set; }

    public Dictionary<string, decimal> Requests { get; } = new(StringComparer.Ordinal);
}
