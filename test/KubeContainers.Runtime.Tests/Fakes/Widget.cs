using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Tests.Fakes;

/// <summary>A custom kind known only to the tests, to prove the runtime works for any status with conditions.</summary>
[KubernetesEntity(Group = "test.kubecontainers.io", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
public sealed class Widget : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "test.kubecontainers.io/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Widget";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public WidgetSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public WidgetStatus? Status { get; set; }
}
