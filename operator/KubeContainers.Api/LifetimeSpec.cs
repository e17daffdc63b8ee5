using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("How long the container may live: a duration or a point in time, then stop or delete.")]
[CelRule(
    "has(self.timeoutSeconds) != has(self.expiresAt)",
    "spec.lifetime: set exactly one of timeoutSeconds and expiresAt")]
public sealed class LifetimeSpec
{
    [JsonPropertyName("timeoutSeconds")]
    [Minimum(1)]
    [Description("Seconds after creation after which the container expires; bounded by the operator's lifetime limit.")]
    public long? TimeoutSeconds { get; set; }

    [JsonPropertyName("expiresAt")]
    [Description("RFC 3339 time at which the container expires.")]
    public DateTimeOffset? ExpiresAt { get; set; }

    [JsonPropertyName("onExpiry")]
    [Enum(ExpiryActions.Stop, ExpiryActions.Delete)]
    [Default(ManagedContainerDefaults.OnExpiry)]
    [Description("stop: scale to zero and keep everything; delete: delete the ManagedContainer.")]
    public string? OnExpiry { get; set; }
}
