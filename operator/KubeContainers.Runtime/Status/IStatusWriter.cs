using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Status;

/// <summary>Writes the status subresource once per reconcile, only when it changed.</summary>
public interface IStatusWriter
{
    /// <summary>Writes <paramref name="desired"/>'s status if it differs semantically from the latest status known
    /// (<see cref="Latest{T}"/> of <paramref name="observed"/>). Sets status.observedGeneration to the observed
    /// generation, keeps lastTransitionTime of conditions whose status did not change and stamps the others with now.
    /// The write is a patch without a resourceVersion, so edits of the spec meanwhile do not conflict with it; an object
    /// deleted meanwhile is not written. Returns whether anything was written.</summary>
    Task<bool> WriteAsync<T>(T observed, T desired, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;

    /// <summary><paramref name="observed"/> (from a cache), or a copy carrying the status this writer wrote last when
    /// the cache does not show that write yet: a reconcile that follows its own write closely must compare with what
    /// it wrote, or it writes (and announces) the same change twice.</summary>
    T Latest<T>(T observed)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
