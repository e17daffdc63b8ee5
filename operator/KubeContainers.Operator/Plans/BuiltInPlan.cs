using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.Plans;

/// <summary>
/// The plan in force where no ContainerPlan is: the operator's <c>--max-*</c> flags as its limits and its
/// <c>--default-cpu</c>, <c>--default-memory</c> and <c>--default-sandbox</c> as its defaults; no totals. A
/// ContainerPlan named like <c>--default-plan</c> replaces it as soon as it exists (README, "Plans").
/// </summary>
public static class BuiltInPlan
{
    public static PlanInForce From(OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var limits = settings.Limits;
        return new PlanInForce(settings.DefaultPlan, new ContainerPlanSpec
        {
            Defaults = new PlanDefaults
            {
                Resources = new ResourcesSpec { Cpu = settings.DefaultCpu, Memory = settings.DefaultMemory },
                Sandbox = settings.DefaultSandbox,
            },
            Limits = new PlanLimits
            {
                MaxReplicas = limits.MaxReplicas,
                MaxCpu = limits.MaxCpu,
                MaxMemory = limits.MaxMemory,
                MaxGpu = limits.MaxGpu,
                MaxEphemeralStorage = limits.MaxEphemeralStorage,
                MaxVolumes = limits.MaxVolumes,
                MaxVolumeSize = limits.MaxVolumeSize,
                // 0 means no limit for the flag; a plan leaves the field out instead.
                MaxLifetimeSeconds = limits.MaxLifetimeSeconds > 0 ? limits.MaxLifetimeSeconds : null,
                MaxEnvVars = limits.MaxEnvVars,
            },
        }, BuiltIn: true);
    }
}
