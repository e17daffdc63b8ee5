using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// What the scheduler needs of every pod (its node, whether it is active, its effective requests), parsed once per
/// revision of the pod: placing one pod then costs a pass over the stored pods instead of a JSON parse of each, which
/// keeps clusters of ten thousand pods schedulable (the benchmarks). Not thread-safe: the scheduler's loop owns it.
/// </summary>
internal sealed class PodSummaries(Func<JsonObject, Dictionary<string, decimal>> requests)
{
    private Dictionary<string, PodSummary> _byKey = new(StringComparer.Ordinal);

    /// <summary>Every pod now in the store.</summary>
    public IReadOnlyCollection<PodSummary> All(ResourceService api)
    {
        var stored = api.Store.List(BuiltinResources.Pods.StorageKey, null).Items;
        var next = new Dictionary<string, PodSummary>(stored.Count, StringComparer.Ordinal);
        foreach (var item in stored)
        {
            next[item.Key] = _byKey.TryGetValue(item.Key, out var known) && known.Revision == item.Revision ? known : Summarize(item);
        }

        _byKey = next;
        return next.Values;
    }

    private PodSummary Summarize(StoredObject item)
    {
        var pod = item.ToJsonObject();
        return new PodSummary(item.Key, item.Revision, pod.ObjectAt("spec").Str("nodeName"), Pods.IsActive(pod), requests(pod));
    }
}
