using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// Whether the sandbox's runtime handler can run anywhere. Nodes list their handlers in
/// <c>status.runtimeHandlers</c> (Kubernetes 1.30+); when a pod names a RuntimeClass whose handler a node lacks,
/// its kubelet emits Warning <c>FailedCreatePodSandBox</c> and the pod stays Pending in ContainerCreating.
/// </summary>
public static class SandboxDiagnosis
{
    public const string FailedCreatePodSandBox = "FailedCreatePodSandBox";

    /// <summary>
    /// A message when no node lists <paramref name="handler"/>; null when one does, when the handler is the
    /// default runtime (empty), or when some node reports no handlers (a kubelet older than 1.30 might run it:
    /// unknown, not unavailable; the FailedCreatePodSandBox Event still tells once a pod lands there).
    /// </summary>
    public static string? FromNodes(string? handler, IReadOnlyList<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (string.IsNullOrEmpty(handler))
        {
            return null;
        }

        if (nodes.Count == 0 || nodes.Any(n => n.Status?.RuntimeHandlers is not { Count: > 0 }) ||
            nodes.Any(n => n.Status.RuntimeHandlers.Any(h => h.Name == handler)))
        {
            return null;
        }

        return nodes.Count == 1
            ? $"node {nodes[0].Metadata?.Name} does not run the runtime handler \"{handler}\""
            : $"none of the {nodes.Count} nodes runs the runtime handler \"{handler}\"";
    }

    /// <summary>What to do about a handler no node runs: the message, then how to choose a sandbox the nodes have.</summary>
    public static string Advice(string? handler, string message) =>
        $"{message}; to run it, install the runtime handler \"{handler}\" on the nodes, choose another sandbox with " +
        "spec.sandbox, or change the operator's default sandbox (--default-sandbox, chart value operator.defaultSandbox)";

    /// <summary>A message naming the pod when one of <paramref name="events"/> is a FailedCreatePodSandBox warning (the newest wins); otherwise null.</summary>
    public static string? FromEvents(IReadOnlyList<Corev1Event> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var failure = events
            .Where(e => e.Type == "Warning" && e.Reason == FailedCreatePodSandBox)
            .OrderByDescending(ObjectEvents.LastSeen)
            .FirstOrDefault();
        return failure is null ? null : Message(failure);
    }

    internal static string Message(Corev1Event failure)
    {
        var what = failure.InvolvedObject?.Name is { Length: > 0 } name ? $"pod {name}" : "a pod";
        return $"{what}: {StatusText.OneLine(failure.Message)}";
    }
}
