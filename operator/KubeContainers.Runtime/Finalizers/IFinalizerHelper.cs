using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Finalizers;

/// <summary>kube-rs's finalizer state machine: add and return; on deletion run an idempotent cleanup, then remove the
/// finalizer with a patch guarded by the object's resourceVersion.</summary>
public interface IFinalizerHelper
{
    /// <summary>A conflict (the object changed since it was read) surfaces as an exception, so the key is retried from a
    /// fresh read; the cleanup therefore must be idempotent.</summary>
    Task<FinalizerOutcome> EnsureAsync<T>(T obj, string finalizer, Func<T, CancellationToken, Task> cleanup, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>;
}
