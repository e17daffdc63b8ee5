using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.Plans;

/// <summary>The operator's settings as one plan narrows them for its containers.</summary>
public static class PlanSettings
{
    /// <summary>
    /// With <c>allow.rootInSandbox: false</c>, no sandbox profile runs the image's own user (often root): the
    /// operator's default non-root user runs instead, as outside a sandbox. A container the plan admitted when it
    /// could run as root keeps that (a plan change never stops what runs).
    /// </summary>
    public static OperatorSettings For(OperatorSettings settings, PlanInForce plan, PlanFootprint? admitted)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Spec.Allow?.RootInSandbox != false || admitted?.Root == true)
        {
            return settings;
        }

        return settings with
        {
            Sandboxes = settings.Sandboxes.ToDictionary(p => p.Key, p => p.Value with { AllowImageUser = false }, StringComparer.Ordinal),
        };
    }
}
