using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>Every blocking cause of one pod: not schedulable, no sandbox, or what blocks its containers.</summary>
internal static class PodCauses
{
    public static IEnumerable<WorkloadCause> Find(V1Pod pod, IReadOnlyList<Corev1Event>? events, DateTimeOffset now, TimeSpan? grace)
    {
        var name = pod.Metadata?.Name ?? "(unnamed)";
        var bound = !string.IsNullOrEmpty(pod.Spec?.NodeName);
        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        var podEvents = ObjectEvents.For(events, "Pod", pod.Metadata);
        if (!bound && scheduled is { Status: "False", Reason: "Unschedulable" })
        {
            yield return new WorkloadCause(ConditionReasons.Unschedulable, $"pod {name} cannot be scheduled: {StatusText.OneLine(scheduled.Message)}");
            yield break;
        }

        if (!bound && ObjectEvents.LatestWarning(podEvents, ChildEvents.FailedScheduling) is { } failedScheduling)
        {
            // The scheduler's Event can come before its status write (or without it, from another scheduler).
            yield return new WorkloadCause(ConditionReasons.Unschedulable, $"pod {name} cannot be scheduled: {StatusText.OneLine(failedScheduling.Message)}");
            yield break;
        }
        var containers = Containers(pod, name, podEvents).ToList();
        foreach (var container in containers)
        {
            if ((ContainerCauses.Find(container) ?? ContainerCauses.HealthCheck(container, pod, now, grace)) is { } cause)
            {
                yield return cause;
            }
        }

        if (bound && !containers.Any(c => c.Status.State?.Running is not null || c.Status.State?.Terminated is not null) &&
            ObjectEvents.LatestWarning(podEvents, SandboxDiagnosis.FailedCreatePodSandBox) is { } sandbox)
        {
            yield return new WorkloadCause(ConditionReasons.SandboxUnavailable, SandboxDiagnosis.Message(sandbox));
        }

        if (bound && !containers.Any(c => c.Status.State?.Running is not null || c.Status.State?.Terminated is not null) &&
            (ObjectEvents.LatestWarning(podEvents, ChildEvents.FailedMount) ?? ObjectEvents.LatestWarning(podEvents, ChildEvents.FailedAttachVolume)) is { } mount)
        {
            // The kubelet cannot mount a volume (a claim on a node it cannot attach to, a missing Secret or ConfigMap):
            // the containers are never created.
            yield return new WorkloadCause(ConditionReasons.VolumeMountFailed, $"pod {name} cannot mount its volumes: {StatusText.OneLine(mount.Message)}");
        }
    }

    private static IEnumerable<ContainerFacts> Containers(V1Pod pod, string name, IReadOnlyList<Corev1Event> podEvents)
    {
        foreach (var status in pod.Status?.InitContainerStatuses ?? [])
        {
            yield return new ContainerFacts(name, status, pod.Spec?.InitContainers?.FirstOrDefault(c => c.Name == status.Name), true, podEvents);
        }

        foreach (var status in pod.Status?.ContainerStatuses ?? [])
        {
            yield return new ContainerFacts(name, status, pod.Spec?.Containers?.FirstOrDefault(c => c.Name == status.Name), false, podEvents);
        }
    }
}
