using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>What blocks one container, read from its status the way the kubelet writes it.</summary>
internal static class ContainerCauses
{
    private static readonly HashSet<string> ImagePullReasons =
        new(["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable"], StringComparer.Ordinal);

    public static WorkloadCause? Find(ContainerFacts c)
    {
        var state = c.Status.State;
        var waiting = state?.Waiting;
        if (waiting?.Reason is { } reason && ImagePullReasons.Contains(reason))
        {
            return ImagePull(c, waiting);
        }

        if (waiting?.Reason is "CrashLoopBackOff" or "RunContainerError")
        {
            var last = c.Status.LastState?.Terminated;
            return last?.Reason == "OOMKilled" ? OutOfMemory(c, last) : CrashLoop(c, last, waiting);
        }

        if (waiting?.Reason == "CreateContainerConfigError")
        {
            return new WorkloadCause(ConditionReasons.ContainerConfigError, $"{c.Where} cannot start: {StatusText.OneLine(waiting.Message)}");
        }

        if (state?.Terminated is { } terminated && terminated.Reason == "OOMKilled")
        {
            return OutOfMemory(c, terminated);
        }

        return state?.Terminated is { ExitCode: not 0 } failed ? CrashLoop(c, failed, null) : null;
    }

    /// <summary>Running and started (no startup probe pending) but not ready for longer than the grace period.</summary>
    public static WorkloadCause? HealthCheck(ContainerFacts c, V1Pod pod, DateTimeOffset now, TimeSpan? grace)
    {
        if (c.Init || c.Status.Ready || c.Status.Started == false || c.Status.State?.Running is not { } running)
        {
            return null;
        }

        var since = KubeTime.ToOffset(running.StartedAt);
        var ready = pod.Status?.Conditions?.FirstOrDefault(p => p.Type == "Ready");
        if (ready?.Status == "False" && KubeTime.ToOffset(ready.LastTransitionTime) is { } transition && (since is null || transition > since))
        {
            since = transition;
        }

        if (since is not { } start || now - start < (grace ?? HealthCheckGrace.For(c.Spec)))
        {
            return null;
        }

        var probe = ObjectEvents.LatestWarning(c.PodEvents, "Unhealthy", c.Status.Name);
        var detail = probe is null ? string.Empty : ": " + StatusText.OneLine(probe.Message);
        return new WorkloadCause(
            ConditionReasons.HealthCheckFailing,
            $"{c.Where} is running but has failed its health check for {StatusText.Duration(now - start)}{detail}");
    }

    /// <summary>
    /// Why the kubelet killed it, when it did: a failed liveness (or startup) probe ends the container with SIGKILL
    /// (exit 137) and no message of its own, while the prober's answer is only in the pod's Unhealthy Events.
    /// </summary>
    private static string? ProbeKill(ContainerFacts c, V1ContainerStateTerminated? terminated) =>
        terminated?.ExitCode != 137 ? null
            : (ObjectEvents.LatestWarning(c.PodEvents, "Unhealthy", c.Status.Name, "Liveness probe failed:")
                ?? ObjectEvents.LatestWarning(c.PodEvents, "Unhealthy", c.Status.Name, "Startup probe failed:"))?.Message;

    private static WorkloadCause ImagePull(ContainerFacts c, V1ContainerStateWaiting waiting)
    {
        var image = c.Spec?.Image ?? c.Status.Image;
        var prefix = $"Failed to pull image \"{image}\": ";
        var failed = ObjectEvents.LatestWarning(c.PodEvents, "Failed", c.Status.Name, prefix);
        var detail = failed?.Message is { } m ? m[prefix.Length..] : waiting.Message;
        var text = StatusText.OneLine(detail);
        return new WorkloadCause(
            ConditionReasons.ImagePullFailed,
            $"{c.Where} cannot pull image \"{image}\"" + (text.Length > 0 ? ": " + text : $" ({waiting.Reason})"));
    }

    private static WorkloadCause OutOfMemory(ContainerFacts c, V1ContainerStateTerminated terminated)
    {
        var limit = c.Spec?.Resources?.Limits is { } limits && limits.TryGetValue("memory", out var memory) ? $", memory limit {memory}" : "";
        return new WorkloadCause(
            ConditionReasons.OOMKilled,
            $"{c.Where} ran out of memory and was killed (exit code {terminated.ExitCode}{limit}, restarted {StatusText.Times(c.Status.RestartCount)})");
    }

    private static WorkloadCause CrashLoop(ContainerFacts c, V1ContainerStateTerminated? terminated, V1ContainerStateWaiting? waiting)
    {
        var how = terminated?.Reason is { Length: > 0 } reason && reason is not ("Error" or "Completed") ? $", {reason}" : "";
        var why = StatusText.OneLine(
            terminated?.Message ?? (waiting?.Reason == "RunContainerError" ? waiting.Message : null) ?? ProbeKill(c, terminated), 200);
        var tail = why.Length > 0 ? ": " + why : "";
        var message = waiting is null && c.Status.RestartCount == 0
            ? $"{c.Where} crashed: exit code {terminated?.ExitCode}{how}{tail}"
            : $"{c.Where} is crash-looping: {(terminated is null ? "exit code unknown" : $"exit code {terminated.ExitCode}")}{how} " +
                $"(restarted {StatusText.Times(c.Status.RestartCount)}){tail}";
        return new WorkloadCause(ConditionReasons.CrashLooping, message);
    }
}
