using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Events;

/// <summary>Writes core/v1 Events about objects, as <c>kubectl describe</c> and <c>kubectl get events</c> show them.
/// Best effort: a failed write is logged and dropped, never thrown into the caller; only cancellation propagates.</summary>
public interface IEventRecorder
{
    /// <summary>Records that <paramref name="reason"/> happened to <paramref name="regarding"/>. An identical event
    /// (same object, type, reason and message) shortly after the last one bumps that Event's count instead of adding
    /// another.</summary>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
    /// <param name="reason">A short UpperCamelCase cause, e.g. <c>Created</c>, <c>InvalidSpec</c>.</param>
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct);
}
