using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// What the ManagedContainers of a namespace may use. Cluster-scoped: a namespace picks its plan with the label
/// <c>kubecontainers.io/plan</c>, and only cluster admins change plans. Per-container rules are refused at
/// admission by the shipped ValidatingAdmissionPolicy (<c>paramKind: ContainerPlan</c>); totals by the operator.
/// </summary>
[KubernetesEntity(Group = V1Alpha1ManagedContainer.KubeGroup, ApiVersion = V1Alpha1ManagedContainer.KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(KubeSingularName, ShortNames = ["plan", "plans"], Categories = ["kubecontainers"], Namespaced = false)]
[PrinterColumn(0, "Namespaces", "integer", ".status.namespaceCount", "Namespaces on the plan.")]
[PrinterColumn(1, "Containers", "integer", ".status.containers", "Running containers in those namespaces.")]
[PrinterColumn(2, "Waiting", "integer", ".status.waiting", "Containers waiting for room under the totals (PlanExceeded).")]
[PrinterColumn(3, "Max-CPU", "string", ".spec.limits.maxCpu", "CPU limit of one replica.")]
[PrinterColumn(4, "Max-Memory", "string", ".spec.limits.maxMemory", "Memory limit of one replica.")]
[PrinterColumn(5, "Age", "date", ".metadata.creationTimestamp", "Time since creation.")]
[Description("ContainerPlan says what the ManagedContainers of the namespaces labelled kubecontainers.io/plan=<name> may use: defaults, per-container maxima, allowed modes and namespace totals.")]
public sealed class V1Alpha1ContainerPlan : IKubernetesObject<V1ObjectMeta>, ISpec<ContainerPlanSpec>, IStatus<ContainerPlanStatus>
{
    public const string KubeKind = "ContainerPlan";

    public const string KubePluralName = "containerplans";

    public const string KubeSingularName = "containerplan";

    /// <summary>The namespace label that names a namespace's plan.</summary>
    public const string NamespaceLabel = "kubecontainers.io/plan";

    [JsonPropertyName("apiVersion")]
    [Description("APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.")]
    public string ApiVersion { get; set; } = V1Alpha1ManagedContainer.ApiGroupVersion;

    [JsonPropertyName("kind")]
    [Description("Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to.")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    [Description("Standard object metadata.")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Description("What the plan allows; an empty spec allows everything the operator does.")]
    public ContainerPlanSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    [Description("The namespaces on the plan and their usage, written by the operator.")]
    public ContainerPlanStatus Status { get; set; } = new();
}
