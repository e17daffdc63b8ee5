using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeContainers.Api;

/// <summary>The list kind the apiserver answers a list request with.</summary>
[KubernetesEntity(
    Group = V1Alpha1ManagedContainer.KubeGroup,
    ApiVersion = V1Alpha1ManagedContainer.KubeApiVersion,
    Kind = KubeKind,
    PluralName = V1Alpha1ManagedContainer.KubePluralName)]
public sealed class V1Alpha1ManagedContainerList : IKubernetesObject<V1ListMeta>, IItems<V1Alpha1ManagedContainer>
{
    public const string KubeKind = V1Alpha1ManagedContainer.KubeKind + "List";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = V1Alpha1ManagedContainer.ApiGroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<V1Alpha1ManagedContainer> Items { get; set; } = [];
}
