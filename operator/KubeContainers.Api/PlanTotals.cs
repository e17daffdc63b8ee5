using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("Ceilings over one namespace's containers. Running containers count; stopped or expired ones free their compute and public URL, not their storage.")]
public sealed class PlanTotals
{
    [JsonPropertyName("containers")]
    [Minimum(0)]
    [Description("Running containers.")]
    public int? Containers { get; set; }

    [JsonPropertyName("cpu")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("CPU of all running replicas.")]
    public string? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Memory of all running replicas.")]
    public string? Memory { get; set; }

    [JsonPropertyName("gpu")]
    [Minimum(0)]
    [Description("GPUs of all running replicas.")]
    public int? Gpu { get; set; }

    [JsonPropertyName("storage")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Size of all volumes, stopped containers' included.")]
    public string? Storage { get; set; }

    [JsonPropertyName("publicUrls")]
    [Minimum(0)]
    [Description("Running containers with a public URL.")]
    public int? PublicUrls { get; set; }
}
