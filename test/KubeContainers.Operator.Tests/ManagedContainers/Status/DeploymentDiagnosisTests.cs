using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Status;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.WorkloadShapes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

public sealed class DeploymentDiagnosisTests
{
    private static readonly string Available = DeploymentCondition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
    private static readonly string Unavailable = DeploymentCondition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
    private static readonly string Complete = DeploymentCondition("Progressing", "True", "NewReplicaSetAvailable", "ReplicaSet \"web-6c9d8f7b5\" has successfully progressed.");
    private static readonly string Updating = DeploymentCondition("Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"web-6c9d8f7b5\" is progressing.");
    private static readonly string TimedOut = DeploymentCondition("Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet \"web-6c9d8f7b5\" has timed out progressing.");

    private static string Failure(string message) => DeploymentCondition("ReplicaFailure", "True", "FailedCreate", message);

    private static string Status(int replicas, int updated, int ready, string conditions, long observed = 2) =>
        $$"""{ "observedGeneration": {{observed}}, "replicas": {{replicas}}, "updatedReplicas": {{updated}}, "readyReplicas": {{ready}}, "availableReplicas": {{ready}}, "conditions": [ {{conditions}} ] }""";

    /// <summary>Each row: the Deployment; then available, progressing, deadline exceeded, the cause's reason and part of its message.</summary>
    private static readonly Dictionary<string, (V1Deployment Deployment, bool Available, bool Progressing, bool Deadline, string? Reason, string? Message)> Cases = new()
    {
        ["rolled out"] = (Deployment(2, Status(2, 2, 2, $"{Available}, {Complete}")), true, false, false, null, null),
        ["scaled to zero"] = (Deployment(0, """{ "observedGeneration": 2, "conditions": [ """ + Available + ", " + Complete + " ] }"), true, false, false, null, null),
        ["brand new, no status yet"] = (Deployment(2, "{}", generation: 1), false, true, false, null, null),
        ["new spec not observed yet"] = (Deployment(2, Status(2, 2, 2, $"{Available}, {Complete}"), generation: 3), false, true, false, null, null),
        ["mid-rollout, one replica updated"] = (Deployment(2, Status(3, 1, 2, $"{Available}, {Updating}")), false, true, false, null, null),
        ["available within maxUnavailable but not all ready"] = (Deployment(4, Status(4, 4, 3, $"{Available}, {Updating}")), false, true, false, null, null),
        ["no replica available"] = (Deployment(2, Status(2, 2, 0, $"{Unavailable}, {Updating}")), false, true, false, null, null),
        ["progress deadline exceeded"] = (
            Deployment(2, Status(3, 1, 2, $"{Available}, {TimedOut}")), false, false, true,
            ConditionReasons.ProgressDeadlineExceeded, "Deployment web did not finish its rollout in time: ReplicaSet \"web-6c9d8f7b5\" has timed out progressing."),
        ["quota exceeded"] = (
            Deployment(2, Status(1, 1, 1, $"{Unavailable}, {Updating}, " + Failure(
                "pods \"web-6c9d8f7b5-\" is forbidden: exceeded quota: compute, requested: limits.memory=512Mi, used: limits.memory=1Gi, limited: limits.memory=1Gi"))),
            false, true, false, ConditionReasons.QuotaExceeded,
            "Deployment web cannot create pods: exceeds ResourceQuota compute: limits.memory requested 512Mi, used 1Gi, limited 1Gi"),
        ["RuntimeClass not found"] = (
            Deployment(2, Status(0, 0, 0, $"{Unavailable}, {Updating}, " + Failure(
                "pods \"web-6c9d8f7b5-\" is forbidden: pod rejected: RuntimeClass \"kubecontainers-gvisor\" not found"))),
            false, true, false, ConditionReasons.SandboxUnavailable, "Deployment web cannot create pods: pod rejected: RuntimeClass \"kubecontainers-gvisor\" not found"),
        ["refused by PodSecurity"] = (
            Deployment(1, Status(0, 0, 0, $"{Unavailable}, {Updating}, " + Failure(
                "pods \"web-6c9d8f7b5-\" is forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true)"))),
            false, true, false, ConditionReasons.PodSecurityViolation,
            "Deployment web cannot create pods: the namespace's Pod Security level \"restricted:latest\" (label pod-security.kubernetes.io/enforce) " +
            "refuses the pod: runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true); inside a sandbox profile " +
            "that lets the image's user run (gvisor, kata) pods claim baseline: here only a profile that keeps a non-root user runs " +
            "(spec.sandbox: none, as the operator's numeric default user), or label the namespace baseline"),
        ["quota exceeded until the deadline passed: the quota is the cause"] = (
            Deployment(2, Status(1, 1, 1, $"{Available}, {TimedOut}, " + Failure("pods \"web-6c9d8f7b5-\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=10, limited: pods=10"))),
            false, false, true, ConditionReasons.QuotaExceeded, "exceeds ResourceQuota pods: pods requested 1, used 10, limited 10"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Reads_the_deployment_status(string name)
    {
        var (deployment, available, progressing, deadline, reason, message) = Cases[name];

        var diagnosis = DeploymentDiagnosis.From(deployment);

        (diagnosis.Available, diagnosis.Progressing, diagnosis.ProgressDeadlineExceeded).ShouldBe((available, progressing, deadline));
        diagnosis.Cause?.Reason.ShouldBe(reason);
        if (reason is null)
        {
            diagnosis.Cause.ShouldBeNull();
        }
        else
        {
            diagnosis.Cause.ShouldNotBeNull().Message.ShouldContain(message!);
        }
    }

    [Fact]
    public void Counts_come_from_the_spec_and_the_status()
    {
        var diagnosis = DeploymentDiagnosis.From(Deployment(2, Status(3, 1, 2, $"{Available}, {Updating}")));

        (diagnosis.DesiredReplicas, diagnosis.Replicas, diagnosis.UpdatedReplicas, diagnosis.ReadyReplicas, diagnosis.AvailableReplicas).ShouldBe((2, 3, 1, 2, 2));
    }

    [Fact]
    public void A_deployment_without_status_counts_zero()
    {
        var diagnosis = DeploymentDiagnosis.From(Deployment(3, "{}", generation: 1));

        (diagnosis.DesiredReplicas, diagnosis.Replicas, diagnosis.ReadyReplicas).ShouldBe((3, 0, 0));
    }
}
