using k8s;
using k8s.Models;
using KubeContainers.Runtime.Events;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>Keeps every Event as "Type Reason: message" (the object is always the one reconciled).</summary>
internal sealed class RecordingEvents : IEventRecorder
{
    public List<string> Recorded { get; } = [];

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct)
    {
        Recorded.Add($"{type} {reason}: {message}");
        return Task.CompletedTask;
    }
}
