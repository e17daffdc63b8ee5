using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// Why the apiserver refused a workload's pods (the ReplicaFailure condition, or a FailedCreate Event): a quota, Pod
/// Security, a webhook or policy, a missing RuntimeClass (see <see cref="Refusals"/>), or something else (reason
/// <see cref="DeploymentDiagnosis.FailedCreate"/>).
/// </summary>
internal static class CreateFailures
{
    public static WorkloadCause Classify(string kind, string? name, string? apiserverMessage)
    {
        var (reason, detail) = Refusals.Classify(apiserverMessage) ?? (DeploymentDiagnosis.FailedCreate, Refusals.Detail(apiserverMessage));
        return new WorkloadCause(reason, $"{kind} {name} cannot create pods: {detail}");
    }
}
