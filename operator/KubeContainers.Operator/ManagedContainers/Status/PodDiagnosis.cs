using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// The real cause and the pod checks from the workload's current pods (the caller picks them, e.g. with
/// <see cref="DeploymentPods.CurrentPods"/>). Pods being deleted and finished pods (Succeeded, Failed: evicted) are
/// ignored. Pure: the time and, optionally, the namespace's Events are passed in.
/// </summary>
public static class PodDiagnosis
{
    /// <summary>When pods disagree, the cause earliest here wins: the app's own failures before its surroundings.</summary>
    private static readonly string[] Precedence =
    [
        ConditionReasons.ImagePullFailed,
        ConditionReasons.InvalidSpec,
        ConditionReasons.OOMKilled,
        ConditionReasons.CrashLooping,
        ConditionReasons.SandboxUnavailable,
        ConditionReasons.VolumeMountFailed,
        ConditionReasons.Unschedulable,
        ConditionReasons.HealthCheckFailing,
    ];

    /// <param name="pods">The current pods.</param>
    /// <param name="now">The time, for the health check's grace period.</param>
    /// <param name="events">Events of the namespace or of these pods (others are ignored): FailedCreatePodSandBox, and
    /// Failed/Unhealthy for clearer messages.</param>
    /// <param name="healthCheckGrace">How long a running container may stay unready; by default from each
    /// container's readiness probe (<see cref="HealthCheckGrace"/>).</param>
    public static WorkloadDiagnosis Diagnose(
        IReadOnlyList<V1Pod> pods, DateTimeOffset now, IReadOnlyList<Corev1Event>? events = null, TimeSpan? healthCheckGrace = null)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var live = pods
            .Where(p => p.Metadata?.DeletionTimestamp is null && p.Status?.Phase is not ("Succeeded" or "Failed"))
            .OrderBy(p => p.Metadata?.Name, StringComparer.Ordinal)
            .ToList();
        if (live.Count == 0)
        {
            return WorkloadDiagnosis.NoPods;
        }

        var cause = live
            .SelectMany(p => PodCauses.Find(p, events, now, healthCheckGrace))
            .Select((c, order) => (Cause: c, Rank: Rank(c.Reason), Order: order))
            .OrderBy(c => c.Rank).ThenBy(c => c.Order)
            .Select(c => c.Cause)
            .FirstOrDefault();
        return new WorkloadDiagnosis(
            cause,
            ImagePulled: live.All(p => AllContainers(p, s => !string.IsNullOrEmpty(s.ImageID) || s.State?.Running is not null || s.State?.Terminated is not null)),
            Scheduled: live.All(IsScheduled),
            Running: live.All(p => AllContainers(p, s => s.State?.Running is not null)),
            HealthCheckPassing: live.All(p => AllContainers(p, s => s.Ready)),
            Pods: live.Count,
            ReadyPods: live.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true));
    }

    private static int Rank(string reason)
    {
        var index = Array.IndexOf(Precedence, reason);
        return index < 0 ? Precedence.Length : index;
    }

    private static bool IsScheduled(V1Pod pod) =>
        !string.IsNullOrEmpty(pod.Spec?.NodeName) ||
        pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "True") == true;

    /// <summary>Every container of the spec has a status that passes (a container not reported yet does not).</summary>
    private static bool AllContainers(V1Pod pod, Func<V1ContainerStatus, bool> test)
    {
        var statuses = pod.Status?.ContainerStatuses ?? [];
        var names = pod.Spec?.Containers?.Select(c => c.Name).ToList() ?? [];
        return statuses.Count > 0 &&
            names.All(n => statuses.Any(s => s.Name == n)) &&
            statuses.All(test);
    }
}
