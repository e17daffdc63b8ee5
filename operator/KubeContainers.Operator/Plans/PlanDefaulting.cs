using KubeContainers.Api;

namespace KubeContainers.Operator.Plans;

/// <summary>
/// Fills the plan's defaults into a working copy of the spec (never the stored object): what the container leaves
/// out, the builders then see as if it had been asked for.
/// </summary>
public static class PlanDefaulting
{
    /// <param name="spec">The working copy to change.</param>
    /// <param name="defaults">The plan's defaults.</param>
    /// <param name="admitted">What the plan admitted last: a container that already runs without a lifetime does not
    /// get the plan's default lifetime later (a plan change never stops what runs).</param>
    public static void Apply(ManagedContainerSpec spec, PlanDefaults? defaults, PlanFootprint? admitted)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (defaults is null)
        {
            return;
        }

        if (defaults.Resources is { } resources)
        {
            var asked = spec.Resources ??= new ResourcesSpec();
            asked.Cpu ??= resources.Cpu;
            asked.Memory ??= resources.Memory;
            asked.EphemeralStorage ??= resources.EphemeralStorage;
            asked.Gpu ??= resources.Gpu;
        }

        if (defaults.Lifetime is { } lifetime && spec.Lifetime is null && (admitted is null || admitted.LifetimeSeconds is not null))
        {
            spec.Lifetime = new LifetimeSpec
            {
                TimeoutSeconds = lifetime.TimeoutSeconds,
                ExpiresAt = lifetime.ExpiresAt,
                OnExpiry = lifetime.OnExpiry,
            };
        }

        spec.Sandbox ??= defaults.Sandbox;
        if (defaults.Egress is { } egress && spec.Networking?.Egress is null)
        {
            (spec.Networking ??= new NetworkingSpec()).Egress = egress;
        }
    }
}
