using KubeContainers.Api;

namespace KubeContainers.Operator.Plans;

/// <summary>The plan a namespace is on: a ContainerPlan object, or the built-in plan made of the operator's
/// <c>--max-*</c> and <c>--default-*</c> settings (<see cref="BuiltIn"/>).</summary>
public sealed record PlanInForce(string Name, ContainerPlanSpec Spec, bool BuiltIn);

/// <summary>What a namespace's label resolves to: the plan, or the name of a plan that does not exist.</summary>
public sealed record PlanLookup(PlanInForce? Plan, string? MissingName)
{
    public static PlanLookup Found(PlanInForce plan) => new(plan, null);

    public static PlanLookup Missing(string name) => new(null, name);
}
