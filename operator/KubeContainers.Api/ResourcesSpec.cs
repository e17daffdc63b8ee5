using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>Quantities are strings (quote plain numbers: <c>cpu: "1"</c>) so they keep the user's spelling.</summary>
[Description("Resources of each replica, as Kubernetes quantities; bounded by the operator's limits.")]
public sealed class ResourcesSpec
{
    [JsonPropertyName("cpu")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("CPU as a quantity string, e.g. \"500m\" or \"2\".")]
    public string? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Memory as a quantity string, e.g. \"512Mi\" or \"2Gi\".")]
    public string? Memory { get; set; }

    [JsonPropertyName("ephemeralStorage")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Ephemeral (scratch) storage as a quantity string, e.g. \"5Gi\".")]
    public string? EphemeralStorage { get; set; }

    [JsonPropertyName("gpu")]
    [Minimum(0)]
    [Description("Number of GPUs, requested as nvidia.com/gpu.")]
    public int? Gpu { get; set; }
}
