using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>One container of a pod: its status, its spec (null if the spec does not name it) and the pod's Events, newest first.</summary>
internal sealed record ContainerFacts(string PodName, V1ContainerStatus Status, V1Container? Spec, bool Init, IReadOnlyList<Corev1Event> PodEvents)
{
    /// <summary>"pod web-7d9f-x2k4q: container app", the subject of every message.</summary>
    public string Where => $"pod {PodName}: {(Init ? "init container" : "container")} {Status.Name}";
}
