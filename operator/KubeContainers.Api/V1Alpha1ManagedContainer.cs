using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(
    KubeSingularName,
    ShortNames = ["mc"],
    Categories = ["all", "kubecontainers"],
    Namespaced = true)]
[ScaleSubresource(".spec.replicas", ".status.replicas", ".status.selector")]
[PrinterColumn(0, "Phase", "string", ".status.phase", "Lifecycle phase.")]
[PrinterColumn(1, "Ready", "string", ".status.ready", "Ready replicas / replicas.")]
[PrinterColumn(2, "Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", "Why the container is or is not Ready: the Ready condition's reason (ImagePullFailed, CrashLooping, OOMKilled, ...).")]
[PrinterColumn(3, "URL", "string", ".status.url", "Public URL.")]
[PrinterColumn(4, "Age", "date", ".metadata.creationTimestamp", "Time since creation.")]
[PrinterColumn(5, "Image", "string", ".spec.image", "Image reference asked for.", Priority = 1)]
[PrinterColumn(6, "Sandbox", "string", ".status.sandbox", "Isolation profile in force.", Priority = 1)]
[PrinterColumn(7, "Message", "string", ".status.message", "Human-readable summary of the current state.", Priority = 1)]
[Description("ManagedContainer runs one container image as a sandboxed Deployment (or Job) with its Service, Ingress, NetworkPolicy and volumes.")]
[CelRule(
    "self.metadata.name.size() <= 63",
    "metadata.name: must be no more than 63 characters: it is a label value on every child")]
[CelRule(
    "(!has(self.spec.port) && !has(self.spec.ports)) || self.metadata.name.matches('" + ValidationPatterns.Dns1035Label + "')",
    "metadata.name: must be a DNS-1035 label (lower case letters, digits and '-', starting with a letter) when spec.port or spec.ports is set: it is the Service's name")]
[CelRule(
    "!has(self.spec.networking) || !has(self.spec.networking.loadBalancer) || !self.spec.networking.loadBalancer || self.metadata.name.size() <= 60",
    "metadata.name: must be no more than 60 characters with spec.networking.loadBalancer: the load balancer Service is <name>-lb")]
public sealed class V1Alpha1ManagedContainer
    : IKubernetesObject<V1ObjectMeta>, ISpec<ManagedContainerSpec>, IStatus<ManagedContainerStatus>
{
    public const string KubeGroup = "kubecontainers.io";

    public const string KubeApiVersion = "v1alpha1";

    public const string KubeKind = "ManagedContainer";

    public const string KubePluralName = "managedcontainers";

    public const string KubeSingularName = "managedcontainer";

    /// <summary>The CRD's name, <c>plural.group</c>.</summary>
    public const string CrdName = KubePluralName + "." + KubeGroup;

    public const string ApiGroupVersion = KubeGroup + "/" + KubeApiVersion;

    [JsonPropertyName("apiVersion")]
    [Description("APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.")]
    public string ApiVersion { get; set; } = ApiGroupVersion;

    [JsonPropertyName("kind")]
    [Description("Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to.")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    [Description("Standard object metadata.")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    [Required]
    [Description("The desired state of the container.")]
    public ManagedContainerSpec Spec { get; set; } = new();

    /// <summary>Never null, so the reconciler can call verbs right away; an empty status serializes as {}.</summary>
    [JsonPropertyName("status")]
    [Description("The observed state of the container, written by the operator.")]
    public ManagedContainerStatus Status { get; set; } = new();
}
