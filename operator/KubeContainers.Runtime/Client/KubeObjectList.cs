using System.Text.Json.Serialization;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary>The wire shape of any list, so one generic call serves every kind.</summary>
internal sealed class KubeObjectList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<T>? Items { get; set; }
}
