using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("Values a container gets where its spec leaves them out.")]
public sealed class PlanDefaults
{
    [JsonPropertyName("resources")]
    [Description("Requests and limits of each replica where spec.resources leaves them out.")]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("lifetime")]
    [Description("The lifetime of a container without spec.lifetime, e.g. a free plan's containers stop after a day.")]
    public LifetimeSpec? Lifetime { get; set; }

    [JsonPropertyName("sandbox")]
    [MaxLength(63)]
    [Pattern(ValidationPatterns.Rfc1123Label)]
    [Description("The sandbox profile of a container without spec.sandbox.")]
    public string? Sandbox { get; set; }

    [JsonPropertyName("egress")]
    [Enum(EgressModes.Internet, EgressModes.Cluster, EgressModes.None)]
    [Description("The egress of a container without spec.networking.egress.")]
    public string? Egress { get; set; }
}
