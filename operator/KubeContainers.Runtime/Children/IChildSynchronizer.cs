using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Children;

/// <summary>
/// The one routine every child goes through: read the cache; create what is missing; refuse what is not ours;
/// update only when what we want changed or someone changed a field we set; delete what is no longer wanted.
/// A steady state writes nothing.
/// </summary>
public interface IChildSynchronizer
{
    /// <param name="key">The child's name (and namespace).</param>
    /// <param name="desired">The child as it should be, or null when it should not exist.</param>
    Task<ChildSyncResult<T>> SyncAsync<T>(ObjectKey key, T? desired, ChildSyncOptions<T> options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
