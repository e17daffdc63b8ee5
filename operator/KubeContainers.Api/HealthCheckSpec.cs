using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("HTTP GET probe used for readiness and liveness.")]
public sealed class HealthCheckSpec
{
    [JsonPropertyName("path")]
    [MaxLength(1024)]
    [Pattern(ValidationPatterns.HttpPath)]
    [Default(ManagedContainerDefaults.HealthCheckPath)]
    [Description("HTTP path to GET, starting with / and printable ASCII only (percent-encode the rest); a 2xx or 3xx answer is healthy.")]
    public string? Path { get; set; }

    [JsonPropertyName("port")]
    [Minimum(1)]
    [Maximum(65535)]
    [Description("Port to probe; spec.port when omitted.")]
    public int? Port { get; set; }

    [JsonPropertyName("periodSeconds")]
    [Minimum(1)]
    [Maximum(3600)]
    [Default(ManagedContainerDefaults.HealthCheckPeriodSeconds)]
    [Description("Seconds between probes.")]
    public int? PeriodSeconds { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    [Minimum(1)]
    [Maximum(3600)]
    [Default(ManagedContainerDefaults.HealthCheckTimeoutSeconds)]
    [Description("Seconds after which a probe counts as failed.")]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("failureThreshold")]
    [Minimum(1)]
    [Maximum(100)]
    [Default(ManagedContainerDefaults.HealthCheckFailureThreshold)]
    [Description("Consecutive failures after which the replica is unready (readiness) or restarted (liveness).")]
    public int? FailureThreshold { get; set; }

    [JsonPropertyName("initialDelaySeconds")]
    [Minimum(0)]
    [Maximum(3600)]
    [Default(ManagedContainerDefaults.HealthCheckInitialDelaySeconds)]
    [Description("Seconds after the container starts before the first probe.")]
    public int? InitialDelaySeconds { get; set; }
}
