using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// What a Deployment's status says. <see cref="Available"/>: the current spec is rolled out and every replica is
/// ready. <see cref="Progressing"/>: not there yet and not given up. <see cref="Cause"/>: pods refused by the
/// apiserver (QuotaExceeded, SandboxUnavailable, <see cref="FailedCreate"/>) or, failing that, the progress deadline.
/// </summary>
public sealed record DeploymentDiagnosis(
    bool Available,
    bool Progressing,
    bool ProgressDeadlineExceeded,
    WorkloadCause? Cause,
    int DesiredReplicas,
    int Replicas,
    int ReadyReplicas,
    int UpdatedReplicas,
    int AvailableReplicas)
{
    /// <summary>Reason for a refused pod that is neither a quota nor a RuntimeClass (a LimitRange, PodSecurity...).</summary>
    public const string FailedCreate = "FailedCreate";

    /// <param name="deployment">The Deployment.</param>
    /// <param name="current">Its current ReplicaSet, if known: a FailedCreate Warning about it (from
    /// <paramref name="events"/>) while it lacks pods tells a refused pod before the Deployment's ReplicaFailure.</param>
    /// <param name="events">Events about the ReplicaSet (others are ignored).</param>
    public static DeploymentDiagnosis From(V1Deployment deployment, V1ReplicaSet? current = null, IReadOnlyList<Corev1Event>? events = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var name = deployment.Metadata?.Name;
        var status = deployment.Status;
        var desired = deployment.Spec?.Replicas ?? 1;
        var ready = status?.ReadyReplicas ?? 0;
        var updated = status?.UpdatedReplicas ?? 0;
        var observed = (status?.ObservedGeneration ?? -1) >= (deployment.Metadata?.Generation ?? 0);
        // Rolled out as kubectl rollout status means it: every replica runs the current template and no old one is
        // left. Available=True alone only says "minimum availability", which the old ReplicaSet keeps during a
        // rollout that will never finish.
        var total = status?.Replicas ?? 0;
        var available = observed && IsTrue(status, "Available") && ready >= desired && updated == desired
            && total == updated && (status?.AvailableReplicas ?? 0) >= desired;
        var progressing = Find(status, "Progressing");
        var deadlineExceeded = observed && progressing is { Status: "False", Reason: "ProgressDeadlineExceeded" };

        WorkloadCause? cause = null;
        if (Find(status, "ReplicaFailure") is { Status: "True" } failure)
        {
            cause = CreateFailures.Classify("Deployment", name, failure.Message);
        }
        else if (current is not null && (current.Status?.Replicas ?? 0) < (current.Spec?.Replicas ?? 0) &&
            ObjectEvents.LatestWarning(ObjectEvents.For(events, "ReplicaSet", current.Metadata), "FailedCreate") is { } refused)
        {
            cause = CreateFailures.Classify("Deployment", name, refused.Message);
        }
        else if (deadlineExceeded)
        {
            cause = new WorkloadCause(
                ConditionReasons.ProgressDeadlineExceeded,
                $"Deployment {name} did not finish its rollout in time: {StatusText.OneLine(progressing!.Message)}");
        }

        return new DeploymentDiagnosis(
            available,
            Progressing: !available && !deadlineExceeded,
            deadlineExceeded,
            cause,
            desired,
            total,
            ready,
            updated,
            status?.AvailableReplicas ?? 0);
    }

    private static V1DeploymentCondition? Find(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    private static bool IsTrue(V1DeploymentStatus? status, string type) => Find(status, type)?.Status == "True";
}
