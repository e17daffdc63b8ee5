using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The cluster IPs of the stored services, each parsed once per revision of its service: allocating an address then
/// costs a pass over the stored services, not a JSON parse of each, which keeps creating the ten-thousandth service
/// (the benchmarks) as cheap as the first.
/// </summary>
internal sealed class ServiceClusterIps
{
    private readonly Lock _gate = new();
    private Dictionary<string, (long Revision, string? Ip)> _byKey = new(StringComparer.Ordinal);

    public HashSet<string> Used(ObjectStore store)
    {
        var stored = store.List(BuiltinResources.Services.StorageKey, null).Items;
        lock (_gate)
        {
            var next = new Dictionary<string, (long Revision, string? Ip)>(stored.Count, StringComparer.Ordinal);
            foreach (var item in stored)
            {
                next[item.Key] = _byKey.TryGetValue(item.Key, out var known) && known.Revision == item.Revision
                    ? known
                    : (item.Revision, item.ToJsonObject().ObjectAt("spec").Str("clusterIP"));
            }

            _byKey = next;
            return next.Values.Select(v => v.Ip).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }
    }
}
