using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// The probe used for readiness and liveness (and, with startupSeconds, a startup probe). Each field belongs to one
/// kind; the CEL rules refuse a field on a kind that does not use it, naming the field, so a typo in the type cannot
/// silently turn a check into another one.
/// </summary>
[Description("The probe used for readiness and liveness: http (path, port), tcp (port), exec (command), grpc (port, service) or none.")]
[CelRule(
    "!has(self.path) || !has(self.type) || self.type == 'http'",
    "spec.healthCheck.path: only an http check takes a path",
    FieldPath = ".path")]
[CelRule(
    "!has(self.command) || (has(self.type) && self.type == 'exec')",
    "spec.healthCheck.command: only an exec check takes a command (set type: exec)",
    FieldPath = ".command")]
[CelRule(
    "!has(self.type) || self.type != 'exec' || (has(self.command) && size(self.command) > 0)",
    "spec.healthCheck.command: an exec check requires a command",
    FieldPath = ".command")]
[CelRule(
    "!has(self.service) || (has(self.type) && self.type == 'grpc')",
    "spec.healthCheck.service: only a grpc check takes a service",
    FieldPath = ".service")]
[CelRule(
    "!has(self.port) || !has(self.type) || !(self.type in ['exec', 'none'])",
    "spec.healthCheck.port: an exec or none check takes no port",
    FieldPath = ".port")]
public sealed class HealthCheckSpec
{
    [JsonPropertyName("type")]
    [Enum(HealthCheckTypes.Http, HealthCheckTypes.Tcp, HealthCheckTypes.Exec, HealthCheckTypes.Grpc, HealthCheckTypes.None)]
    [Description("http: GET path on the port; tcp: open a connection to the port; exec: run command in the container; grpc: the gRPC health protocol on the port; none: no probe. When omitted: http if a path is set, else tcp.")]
    public string? Type { get; set; }

    [JsonPropertyName("path")]
    [MaxLength(1024)]
    [Pattern(ValidationPatterns.HttpPath)]
    [Description("http only: the path to GET, starting with / and printable ASCII only (percent-encode the rest); a 2xx or 3xx answer is healthy. /health when type is http and no path is set.")]
    public string? Path { get; set; }

    [JsonPropertyName("port")]
    [Minimum(1)]
    [Maximum(65535)]
    [Description("http, tcp and grpc: the port to probe; spec.port when omitted.")]
    public int? Port { get; set; }

    [JsonPropertyName("command")]
    [MaxItems(64)]
    [ItemMaxLength(4096)]
    [Description("exec only: the argv to run in the container (no shell: each item is one argument); exit 0 is healthy.")]
    public IList<string>? Command { get; set; }

    [JsonPropertyName("service")]
    [MaxLength(253)]
    [Description("grpc only: the service name sent in the health check request; the server's overall health when omitted.")]
    public string? Service { get; set; }

    [JsonPropertyName("startupSeconds")]
    [Minimum(1)]
    [Maximum(3600)]
    [Description("Seconds a slow starter may take before its first successful check (a startup probe); liveness and readiness wait until then. No startup probe when omitted.")]
    public int? StartupSeconds { get; set; }

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
