using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Cluster;

/// <summary>
/// The pod garbage collector's orphan sweep (kube-controller-manager's podgc, gcOrphaned): a pod bound to a Node that
/// no longer exists, still so after <see cref="LocalClusterOptions.OrphanedPodQuarantine"/> (upstream's 40 s
/// quarantine), is marked Failed with the condition DisruptionTarget (reason DeletionByPodGC, "PodGC: node no longer
/// exists") and deleted; its ReplicaSet or Job makes a new one. Deleting a Node thus evicts its pods.
/// </summary>
internal sealed class PodGarbageCollector(LocalClusterOptions options) : ReconcileLoop(options.Clock)
{
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");
    private readonly Dictionary<string, DateTimeOffset> _orphanedSince = new(StringComparer.Ordinal);

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Nodes.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) => OnMissingNodes(api);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change) =>
        change.Type == WatchEvent.Deleted ? OnMissingNodes(api) : [];

    private static List<string> OnMissingNodes(ResourceService api)
    {
        var nodes = api.Store.Current(BuiltinResources.Nodes.StorageKey, null).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        return [.. api.Store.Current(BuiltinResources.Pods.StorageKey, null)
            .Where(p => p.ToJsonObject().ObjectAt("spec").Str("nodeName") is { Length: > 0 } node && !nodes.Contains(node))
            .Select(p => p.Key)];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Pods, ns, name) is not { } pod ||
            pod.ObjectAt("spec").Str("nodeName") is not { Length: > 0 } nodeName ||
            api.TryGet(BuiltinResources.Nodes, null, nodeName) is not null)
        {
            _orphanedSince.Remove(key);
            return null;
        }

        var since = _orphanedSince.TryGetValue(key, out var first) ? first : _orphanedSince[key] = Now;
        if (Now - since < options.OrphanedPodQuarantine)
        {
            return since + options.OrphanedPodQuarantine - Now;
        }

        _orphanedSince.Remove(key);
        if (Pods.IsActive(pod))
        {
            var status = pod.Child("status");
            status["phase"] = "Failed";
            Conditions.Set(status, "DisruptionTarget", "True", "DeletionByPodGC", "PodGC: node no longer exists", Now, withProbeTime: true);
            pod = api.Update(BuiltinResources.Pods, ns, name, pod, "status", Write);
        }

        api.Delete(BuiltinResources.Pods, ns, name, new DeleteOptions(PreconditionUid: pod.Uid()));
        return null;
    }
}
