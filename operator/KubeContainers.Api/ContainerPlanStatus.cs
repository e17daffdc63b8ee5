using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("The namespaces on the plan and their usage against its totals.")]
public sealed class ContainerPlanStatus
{
    [JsonPropertyName("observedGeneration")]
    [Minimum(0)]
    [Description("metadata.generation of the plan this status was computed with.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("namespaceCount")]
    [Minimum(0)]
    [Description("Namespaces on the plan that have ManagedContainers.")]
    public int? NamespaceCount { get; set; }

    [JsonPropertyName("containers")]
    [Minimum(0)]
    [Description("Running containers over all those namespaces.")]
    public int? Containers { get; set; }

    [JsonPropertyName("waiting")]
    [Minimum(0)]
    [Description("Containers waiting for room under the totals (PlanExceeded) over all those namespaces.")]
    public int? Waiting { get; set; }

    [JsonPropertyName("namespaces")]
    [MaxItems(10000)]
    [ListMapKeys("name")]
    [Description("Each namespace on the plan with ManagedContainers, and its usage.")]
    public IList<PlanNamespaceUsage>? Namespaces { get; set; }
}
