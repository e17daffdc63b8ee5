using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.Plans;

/// <summary>Which plan a namespace is on, read from the caches: its <c>kubecontainers.io/plan</c> label names a
/// ContainerPlan; without the label (or with an empty one, as the admission policy reads it), the ContainerPlan named
/// by <c>--default-plan</c>, else the built-in plan.</summary>
public sealed class PlanResolver(
    ICacheReader<V1Namespace> namespaces,
    ICacheReader<V1Alpha1ContainerPlan> plans,
    OperatorSettings settings)
{
    private readonly PlanInForce builtIn = BuiltInPlan.From(settings);

    public PlanLookup For(string @namespace)
    {
        if (Label(@namespace) is not { } named)
        {
            return PlanLookup.Found(Default());
        }

        return plans.Get(new ObjectKey(null, named)) is { } plan
            ? PlanLookup.Found(new PlanInForce(named, plan.Spec ?? new ContainerPlanSpec(), BuiltIn: false))
            : PlanLookup.Missing(named);
    }

    /// <summary>The plan of namespaces without the label.</summary>
    public PlanInForce Default() =>
        plans.Get(new ObjectKey(null, settings.DefaultPlan)) is { } plan
            ? new PlanInForce(settings.DefaultPlan, plan.Spec ?? new ContainerPlanSpec(), BuiltIn: false)
            : builtIn;

    /// <summary>The name of the plan a namespace is on, whether or not it exists.</summary>
    public string NameFor(string @namespace) => Label(@namespace) ?? settings.DefaultPlan;

    /// <summary>The namespace's plan label; null when it has none or an empty one.</summary>
    private string? Label(string @namespace) =>
        namespaces.Get(new ObjectKey(null, @namespace))?.Metadata.Labels is { } labels
        && labels.TryGetValue(V1Alpha1ContainerPlan.NamespaceLabel, out var named) && named.Length > 0
            ? named
            : null;
}
