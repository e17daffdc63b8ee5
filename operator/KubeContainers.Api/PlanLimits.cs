using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("Maxima of one container. Quantities are per replica, as in spec.resources.")]
public sealed class PlanLimits
{
    [JsonPropertyName("maxReplicas")]
    [Minimum(0)]
    [Description("Most replicas of one container.")]
    public int? MaxReplicas { get; set; }

    [JsonPropertyName("maxCpu")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Most CPU of one replica, e.g. \"2\".")]
    public string? MaxCpu { get; set; }

    [JsonPropertyName("maxMemory")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Most memory of one replica, e.g. \"4Gi\".")]
    public string? MaxMemory { get; set; }

    [JsonPropertyName("maxGpu")]
    [Minimum(0)]
    [Description("Most GPUs of one replica.")]
    public int? MaxGpu { get; set; }

    [JsonPropertyName("maxEphemeralStorage")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Most ephemeral storage of one replica.")]
    public string? MaxEphemeralStorage { get; set; }

    [JsonPropertyName("maxVolumes")]
    [Minimum(0)]
    [Description("Most entries in spec.volumes.")]
    public int? MaxVolumes { get; set; }

    [JsonPropertyName("maxVolumeSize")]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Largest size of one volume.")]
    public string? MaxVolumeSize { get; set; }

    [JsonPropertyName("maxLifetimeSeconds")]
    [Minimum(1)]
    [Description("Longest lifetime (spec.lifetime.timeoutSeconds, or expiresAt from creation).")]
    public long? MaxLifetimeSeconds { get; set; }

    [JsonPropertyName("maxEnvVars")]
    [Minimum(0)]
    [Description("Most entries of env plus secretEnv.")]
    public int? MaxEnvVars { get; set; }
}
