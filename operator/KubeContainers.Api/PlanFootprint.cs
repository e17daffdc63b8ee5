using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// What a plan's rules look at in one container, after the plan's defaults: what the namespace totals count, and
/// what the per-container rules compare. Kept in status as what the plan admitted last, so that a plan made
/// smaller later refuses only what is new or grown, never what already runs.
/// </summary>
[Description("The values of the spec the plan admitted last: what the namespace totals count, and what a later, smaller plan compares a change with (only what grows or changes is refused).")]
public sealed class PlanFootprint
{
    [JsonPropertyName("replicas")]
    [Minimum(0)]
    [Description("Replicas (0 when stopped or expired).")]
    public int Replicas { get; set; }

    [JsonPropertyName("cpu")]
    [MaxLength(64)]
    [Description("CPU of one replica.")]
    public string? Cpu { get; set; }

    [JsonPropertyName("memory")]
    [MaxLength(64)]
    [Description("Memory of one replica.")]
    public string? Memory { get; set; }

    [JsonPropertyName("ephemeralStorage")]
    [MaxLength(64)]
    [Description("Ephemeral storage of one replica.")]
    public string? EphemeralStorage { get; set; }

    [JsonPropertyName("gpu")]
    [Minimum(0)]
    [Description("GPUs of one replica.")]
    public int Gpu { get; set; }

    [JsonPropertyName("volumes")]
    [Minimum(0)]
    [Description("Number of volumes.")]
    public int Volumes { get; set; }

    [JsonPropertyName("largestVolume")]
    [MaxLength(64)]
    [Description("Size of the largest volume.")]
    public string? LargestVolume { get; set; }

    [JsonPropertyName("storage")]
    [MaxLength(64)]
    [Description("Size of all volumes.")]
    public string? Storage { get; set; }

    [JsonPropertyName("envVars")]
    [Minimum(0)]
    [Description("Entries of env plus secretEnv.")]
    public int EnvVars { get; set; }

    [JsonPropertyName("lifetimeSeconds")]
    [Minimum(0)]
    [Description("Lifetime from creation in seconds; absent without a lifetime.")]
    public long? LifetimeSeconds { get; set; }

    [JsonPropertyName("sandbox")]
    [MaxLength(63)]
    [Description("Sandbox profile.")]
    public string? Sandbox { get; set; }

    [JsonPropertyName("egress")]
    [MaxLength(16)]
    [Description("Egress mode.")]
    public string? Egress { get; set; }

    [JsonPropertyName("ingress")]
    [MaxLength(16)]
    [Description("Ingress mode.")]
    public string? Ingress { get; set; }

    [JsonPropertyName("architecture")]
    [MaxLength(16)]
    [Description("Architecture; absent for any.")]
    public string? Architecture { get; set; }

    [JsonPropertyName("oneShot")]
    [Description("Whether it is a Job (mode: oneShot).")]
    public bool OneShot { get; set; }

    [JsonPropertyName("customDomain")]
    [Description("Whether it has a custom host.")]
    public bool CustomDomain { get; set; }

    [JsonPropertyName("root")]
    [Description("Whether it may run as root: runAsUser 0, or the image's own user in a sandbox profile that allows it.")]
    public bool Root { get; set; }

    [JsonPropertyName("loadBalancer")]
    [Description("Whether it has a LoadBalancer Service.")]
    public bool LoadBalancer { get; set; }

    [JsonPropertyName("running")]
    [Description("Whether it counts as running (not stopped, expired or finished).")]
    public bool Running { get; set; }
}
