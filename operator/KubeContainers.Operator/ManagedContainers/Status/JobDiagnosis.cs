using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// What a oneShot Job and its pods say: running, succeeded (Complete=True) or failed (Failed=True, reason JobFailed
/// or OOMKilled, the exit code of the failed container in the message). While running, <see cref="Cause"/> is
/// what blocks its active pods (or the apiserver refusing them); <see cref="Pods"/> has the pod checks.
/// </summary>
public sealed record JobDiagnosis(
    bool Running,
    bool Succeeded,
    bool Failed,
    WorkloadCause? Cause,
    int? ExitCode,
    DateTimeOffset? CompletionTime,
    WorkloadDiagnosis Pods)
{
    public static JobDiagnosis From(
        V1Job job, IReadOnlyList<V1Pod> pods, DateTimeOffset now, IReadOnlyList<Corev1Event>? events = null, TimeSpan? healthCheckGrace = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(pods);
        var own = pods.Where(p => Ownership.IsOwnedBy(p.Metadata, "Job", job.Metadata)).ToList();
        var podDiagnosis = PodDiagnosis.Diagnose(own, now, events, healthCheckGrace);
        var name = job.Metadata?.Name;
        if (Find(job, "Complete") is { Status: "True" } complete)
        {
            var exit = LastExit(own, succeeded: true)?.Terminated.ExitCode ?? 0;
            var at = KubeTime.ToOffset(job.Status?.CompletionTime) ?? KubeTime.ToOffset(complete.LastTransitionTime);
            return new JobDiagnosis(false, true, false, null, exit, at, podDiagnosis);
        }

        if (Find(job, "Failed") is { Status: "True" } failed)
        {
            var last = LastExit(own, succeeded: false);
            var why = string.IsNullOrEmpty(failed.Reason) ? "" : $" ({failed.Reason})";
            var cause = last is null
                ? new WorkloadCause(ConditionReasons.JobFailed, $"Job {name} failed{why}: {StatusText.OneLine(failed.Message)}")
                : new WorkloadCause(
                    last.Value.Terminated.Reason == "OOMKilled" ? ConditionReasons.OOMKilled : ConditionReasons.JobFailed,
                    $"Job {name} failed{why}: pod {last.Value.Pod}: container {last.Value.Container} " +
                    (last.Value.Terminated.Reason == "OOMKilled" ? "ran out of memory and was killed, " : "") +
                    $"exited with code {last.Value.Terminated.ExitCode}");
            return new JobDiagnosis(false, false, true, cause, last?.Terminated.ExitCode, KubeTime.ToOffset(failed.LastTransitionTime), podDiagnosis);
        }

        var blocked = podDiagnosis.Cause;
        if (blocked is null && (job.Status?.Active ?? 0) == 0 &&
            ObjectEvents.LatestWarning(ObjectEvents.For(events, "Job", job.Metadata), "FailedCreate") is { } refused)
        {
            blocked = CreateFailures.Classify("Job", name, refused.Message);
        }

        return new JobDiagnosis(true, false, false, blocked, null, null, podDiagnosis);
    }

    private static V1JobCondition? Find(V1Job job, string type) => job.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>The latest finished run (state or lastState) with a zero (succeeded) or non-zero exit code.</summary>
    private static (string Pod, string Container, V1ContainerStateTerminated Terminated)? LastExit(List<V1Pod> pods, bool succeeded) =>
        pods
            .SelectMany(p => (p.Status?.ContainerStatuses ?? [])
                .SelectMany(s => new[] { s.State?.Terminated, s.LastState?.Terminated }
                    .Where(t => t is not null && (t.ExitCode == 0) == succeeded)
                    .Select(t => (Pod: p.Metadata?.Name ?? "", Container: s.Name, Terminated: t!))))
            .OrderByDescending(x => KubeTime.ToOffset(x.Terminated.FinishedAt) ?? DateTimeOffset.MinValue)
            .Cast<(string, string, V1ContainerStateTerminated)?>()
            .FirstOrDefault();
}
