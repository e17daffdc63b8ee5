using System.Text.Json.Serialization;

namespace KubeContainers.Runtime.Tests.Fakes;

public sealed class WidgetSpec
{
    [JsonPropertyName("size")]
    public int Size { get; set; }
}
