using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Status;

/// <summary>Writes the status subresource once per reconcile, only when it changed.</summary>
public interface IStatusWriter
{
    /// <summary>Writes <paramref name="desired"/>'s status if it differs semantically from
    /// <paramref name="observed"/>'s. Sets status.observedGeneration to the observed generation, keeps
    /// lastTransitionTime of conditions whose status did not change and stamps the others with now. On a conflict it
    /// re-reads the object and retries. Returns whether anything was written.</summary>
    Task<bool> WriteAsync<T>(T observed, T desired, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
