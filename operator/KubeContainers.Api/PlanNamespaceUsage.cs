using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("What one namespace uses, counted as the plan's totals count it.")]
public sealed class PlanNamespaceUsage
{
    [JsonPropertyName("name")]
    [Required]
    [MaxLength(63)]
    [Description("The namespace.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("containers")]
    [Minimum(0)]
    [Description("Running containers.")]
    public int Containers { get; set; }

    [JsonPropertyName("waiting")]
    [Minimum(0)]
    [Description("Containers waiting for room (PlanExceeded).")]
    public int Waiting { get; set; }

    [JsonPropertyName("cpu")]
    [MaxLength(64)]
    [Description("CPU of the running replicas.")]
    public string? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [MaxLength(64)]
    [Description("Memory of the running replicas.")]
    public string? Memory { get; set; }

    [JsonPropertyName("gpu")]
    [Minimum(0)]
    [Description("GPUs of the running replicas.")]
    public int Gpu { get; set; }

    [JsonPropertyName("storage")]
    [MaxLength(64)]
    [Description("Size of all volumes.")]
    public string? Storage { get; set; }

    [JsonPropertyName("publicUrls")]
    [Minimum(0)]
    [Description("Running containers with a public URL.")]
    public int PublicUrls { get; set; }
}
