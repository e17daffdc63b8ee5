using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeContainers.Api;

/// <summary>The list kind the apiserver answers a list of plans with.</summary>
[KubernetesEntity(
    Group = V1Alpha1ManagedContainer.KubeGroup,
    ApiVersion = V1Alpha1ManagedContainer.KubeApiVersion,
    Kind = KubeKind,
    PluralName = V1Alpha1ContainerPlan.KubePluralName)]
public sealed class V1Alpha1ContainerPlanList : IKubernetesObject<V1ListMeta>, IItems<V1Alpha1ContainerPlan>
{
    public const string KubeKind = V1Alpha1ContainerPlan.KubeKind + "List";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = V1Alpha1ManagedContainer.ApiGroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<V1Alpha1ContainerPlan> Items { get; set; } = [];
}
