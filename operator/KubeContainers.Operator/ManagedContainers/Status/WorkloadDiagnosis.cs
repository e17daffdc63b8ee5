using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// What the workload's current pods show: the first blocking cause (null when nothing blocks, including while pods
/// are merely starting) and the four pod checks. With no pods every check is false.
/// </summary>
public sealed record WorkloadDiagnosis(
    WorkloadCause? Cause,
    bool ImagePulled,
    bool Scheduled,
    bool Running,
    bool HealthCheckPassing,
    int Pods,
    int ReadyPods)
{
    public static WorkloadDiagnosis NoPods { get; } = new(null, false, false, false, false, 0, 0);

    /// <summary>Writes imagePulled, scheduled, running and healthCheckPassing; the other checks are not the pods' to say.</summary>
    public void CopyChecksTo(StatusChecks checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        checks.ImagePulled = ImagePulled;
        checks.Scheduled = Scheduled;
        checks.Running = Running;
        checks.HealthCheckPassing = HealthCheckPassing;
    }
}
