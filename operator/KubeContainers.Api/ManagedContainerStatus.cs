using System.Text.Json.Serialization;
using k8s.Models;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// What the operator observed. The reconciler changes it only through the verbs in
/// <c>ManagedContainerStatus.Conditions.cs</c>, which keep Ready, Reconciling and the message consistent.
/// </summary>
[Description("The observed state of the container, written by the operator.")]
public sealed partial class ManagedContainerStatus
{
    [JsonPropertyName("phase")]
    [Enum(
        ManagedContainerPhases.Pending,
        ManagedContainerPhases.Deploying,
        ManagedContainerPhases.Running,
        ManagedContainerPhases.Stopped,
        ManagedContainerPhases.Failed,
        ManagedContainerPhases.Succeeded,
        ManagedContainerPhases.Expired,
        ManagedContainerPhases.Deleting)]
    [Description("Lifecycle phase: Pending, Deploying, Running, Stopped, Failed, Succeeded (oneShot), Expired or Deleting.")]
    public string? Phase { get; set; }

    /// <summary>
    /// "readyReplicas/replicas" as text, for the Ready printer column: a column shows one JSONPath, and kubectl
    /// cannot join two fields.
    /// </summary>
    [JsonPropertyName("ready")]
    [MaxLength(32)]
    [Description("readyReplicas/replicas as text, e.g. 1/1, for the Ready column of kubectl get.")]
    public string? Ready { get; set; }

    [JsonPropertyName("url")]
    [MaxLength(2048)]
    [Description("Public URL; https only when TLS is really configured. Absent without a public ingress.")]
    public string? Url { get; set; }

    [JsonPropertyName("internalUrl")]
    [MaxLength(2048)]
    [Description("In-cluster URL: http://<service>.<namespace>.svc.cluster.local:<port>.")]
    public string? InternalUrl { get; set; }

    [JsonPropertyName("addresses")]
    [MaxItems(PortRules.MaxPorts)]
    [Description("Where each port is reached: its in-cluster address and, on the LoadBalancer once assigned, its external one.")]
    public IList<AddressStatus>? Addresses { get; set; }

    [JsonPropertyName("observedGeneration")]
    [Minimum(0)]
    [Description("metadata.generation of the spec this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("replicas")]
    [Minimum(0)]
    [Description("Replicas of the workload.")]
    public int? Replicas { get; set; }

    [JsonPropertyName("readyReplicas")]
    [Minimum(0)]
    [Description("Replicas of the workload that are ready.")]
    public int? ReadyReplicas { get; set; }

    [JsonPropertyName("selector")]
    [MaxLength(512)]
    [Description("The pods' label selector as text (kubecontainers.io/container=<name>), for the scale subresource: what a HorizontalPodAutoscaler counts pods by.")]
    public string? Selector { get; set; }

    [JsonPropertyName("image")]
    [MaxLength(1024)]
    [Description("The image now serving.")]
    public string? Image { get; set; }

    [JsonPropertyName("lastHealthyImage")]
    [MaxLength(1024)]
    [Description("The last image that became ready; what a failed rollout is rolled back to.")]
    public string? LastHealthyImage { get; set; }

    [JsonPropertyName("lastDeployedAt")]
    [Description("When the current version was last rolled out.")]
    public DateTimeOffset? LastDeployedAt { get; set; }

    [JsonPropertyName("expiresAt")]
    [Description("When the container expires under spec.lifetime.")]
    public DateTimeOffset? ExpiresAt { get; set; }

    [JsonPropertyName("exitCode")]
    [Description("oneShot: the exit code of the Job's container once it finished (0 when it succeeded).")]
    public int? ExitCode { get; set; }

    [JsonPropertyName("completedAt")]
    [Description("oneShot: when the Job succeeded or failed for good.")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonPropertyName("sandbox")]
    [MaxLength(63)]
    [Description("The isolation profile in force.")]
    public string? Sandbox { get; set; }

    [JsonPropertyName("runtimeClassName")]
    [MaxLength(253)]
    [Description("The RuntimeClass the pods run with; absent for the node's default runtime.")]
    public string? RuntimeClassName { get; set; }

    [JsonPropertyName("plan")]
    [MaxLength(253)]
    [Description("The ContainerPlan in force (the namespace's kubecontainers.io/plan label, else the operator's default plan).")]
    public string? Plan { get; set; }

    [JsonPropertyName("admitted")]
    [Description("The spec's values the plan admitted last: what the namespace totals count, and what a smaller plan compares a change with.")]
    public PlanFootprint? Admitted { get; set; }

    [JsonPropertyName("history")]
    [MaxItems(RolloutRecord.Kept)]
    [Description("The last 10 rollouts of a persistent container, oldest first: revision, image, what changed, when it started and became Ready, and its outcome.")]
    public IList<RolloutRecord>? History { get; set; }

    [JsonPropertyName("checks")]
    [Description("Named booleans for what the container can do now.")]
    public StatusChecks? Checks { get; set; }

    [JsonPropertyName("conditions")]
    [ListMapKeys("type")]
    [MaxItems(32)]
    [Description("Ready, Reconciling, Stalled, Suspended and one condition per child (DeploymentAvailable, JobComplete, ServiceReady, IngressReady, RuntimeClassAvailable, NetworkPolicyApplied, VolumesBound). Conditions that do not apply to the spec are True with reason NotRequired.")]
    public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("message")]
    [MaxLength(32768)]
    [Description("One human line: what is wrong, or what is happening.")]
    public string? Message { get; set; }
}
