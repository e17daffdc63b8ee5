using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// How long a running container may stay unready before its health check counts as failing: the readiness probe's
/// initialDelaySeconds + periodSeconds × failureThreshold, with the Kubernetes defaults (0, 10, 3) for what is unset,
/// so 30 s without a probe; plus the startup probe's allowance (periodSeconds × failureThreshold) when there is one,
/// because the kubelet does not run the readiness probe before the startup probe passes.
/// </summary>
public static class HealthCheckGrace
{
    private const int DefaultPeriodSeconds = 10;
    private const int DefaultFailureThreshold = 3;

    public static TimeSpan For(V1Probe? readinessProbe)
    {
        var initialDelay = Math.Max(0, readinessProbe?.InitialDelaySeconds ?? 0);
        var period = readinessProbe?.PeriodSeconds is int p and > 0 ? p : DefaultPeriodSeconds;
        var threshold = readinessProbe?.FailureThreshold is int f and > 0 ? f : DefaultFailureThreshold;
        return TimeSpan.FromSeconds(initialDelay + ((long)period * threshold));
    }

    public static TimeSpan For(V1Container? container)
    {
        var grace = For(container?.ReadinessProbe);
        if (container?.StartupProbe is { } startup)
        {
            var period = startup.PeriodSeconds is int p and > 0 ? p : DefaultPeriodSeconds;
            var threshold = startup.FailureThreshold is int f and > 0 ? f : DefaultFailureThreshold;
            grace += TimeSpan.FromSeconds((long)period * threshold);
        }

        return grace;
    }
}
