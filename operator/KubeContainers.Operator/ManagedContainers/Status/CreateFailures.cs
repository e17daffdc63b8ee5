using System.Text.RegularExpressions;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// Why the apiserver refused a workload's pods (the ReplicaFailure condition, or a FailedCreate Event): a quota,
/// a missing RuntimeClass, or something else (reason <see cref="DeploymentDiagnosis.FailedCreate"/>).
/// </summary>
internal static partial class CreateFailures
{
    public static WorkloadCause Classify(string kind, string? name, string? apiserverMessage)
    {
        var detail = StatusText.OneLine(ForbiddenPrefix().Replace(apiserverMessage ?? string.Empty, string.Empty));
        var reason = detail.Contains("exceeded quota", StringComparison.OrdinalIgnoreCase) ? ConditionReasons.QuotaExceeded
            : detail.Contains("RuntimeClass", StringComparison.Ordinal) ? ConditionReasons.SandboxUnavailable
            : DeploymentDiagnosis.FailedCreate;
        return new WorkloadCause(reason, $"{kind} {name} cannot create pods: {detail}");
    }

    /// <summary>`Error creating: ` (the Event) and `pods "web-5d8f-" is forbidden: ` (the apiserver's wrapping).</summary>
    [GeneratedRegex("""^(Error creating: )?(\S+ "[^"]*" is forbidden: )?""")]
    private static partial Regex ForbiddenPrefix();
}
