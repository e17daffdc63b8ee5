namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// Why a workload cannot serve: a reason from <see cref="KubeContainers.Api.ConditionReasons"/> (or, for an unknown
/// pod creation failure, <see cref="DeploymentDiagnosis.FailedCreate"/>) and one human line naming the objects.
/// </summary>
public sealed record WorkloadCause(string Reason, string Message);
