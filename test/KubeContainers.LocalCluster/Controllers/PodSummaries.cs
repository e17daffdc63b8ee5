using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// What the scheduler needs of every pod (its node, whether it is active, its effective requests), loaded once and
/// then kept from the store's change feed: placing a pod costs a pass over these summaries instead of listing and
/// parsing every pod, which keeps clusters of ten thousand pods schedulable (the benchmarks). A summary never goes
/// back to an older revision. Not thread-safe: the scheduler's loop owns it.
/// </summary>
internal sealed class PodSummaries(Func<JsonObject, Dictionary<string, decimal>> requests)
{
    private readonly Dictionary<string, PodSummary> _byKey = new(StringComparer.Ordinal);

    public IReadOnlyCollection<PodSummary> All => _byKey.Values;

    public void Load(ResourceService api)
    {
        _byKey.Clear();
        foreach (var item in api.Store.List(BuiltinResources.Pods.StorageKey, null).Items)
        {
            Observe(item.Key, item.Revision, item.ToJsonObject());
        }
    }

    public void Observe(string key, long revision, JsonObject pod)
    {
        if (!_byKey.TryGetValue(key, out var known) || known.Revision < revision)
        {
            _byKey[key] = new PodSummary(key, revision, pod.ObjectAt("spec").Str("nodeName"), Pods.IsActive(pod), requests(pod));
        }
    }

    /// <summary>A pod the scheduler itself just wrote, before its change arrives.</summary>
    public void Observe(JsonObject pod) =>
        Observe(StoredObject.KeyOf(pod.Namespace(), pod.Name()), long.Parse(pod.ResourceVersion() ?? "0", CultureInfo.InvariantCulture), pod);

    public void Forget(string key) => _byKey.Remove(key);
}
