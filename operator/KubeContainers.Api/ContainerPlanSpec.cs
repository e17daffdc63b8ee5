using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("What the plan allows. Every part is optional: what a part leaves out is not limited by the plan.")]
public sealed class ContainerPlanSpec
{
    [JsonPropertyName("defaults")]
    [Description("Filled in where a container leaves a value out.")]
    public PlanDefaults? Defaults { get; set; }

    [JsonPropertyName("limits")]
    [Description("Maxima of one container; refused at admission, naming the plan, the field and the limit.")]
    public PlanLimits? Limits { get; set; }

    [JsonPropertyName("allow")]
    [Description("What a container may use; a list left out allows every value, a flag left out allows it.")]
    public PlanAllow? Allow { get; set; }

    [JsonPropertyName("totals")]
    [Description("Ceilings over a namespace's running containers, enforced by the operator (Ready=False, reason PlanExceeded), first come first served by creation time.")]
    public PlanTotals? Totals { get; set; }
}
