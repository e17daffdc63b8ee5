using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.Plans;

/// <summary>What a plan's rules look at in one container (<see cref="PlanFootprint"/>), from its spec after the
/// plan's defaults.</summary>
public static class Footprints
{
    /// <param name="container">The container with the plan's defaults filled in.</param>
    /// <param name="settings">The operator's defaults, for what the plan leaves out too.</param>
    /// <param name="running">Not stopped, expired or finished: it holds compute and its public URL.</param>
    public static PlanFootprint Of(V1Alpha1ManagedContainer container, OperatorSettings settings, bool running)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(settings);
        var spec = container.Spec;
        var volumes = spec.Volumes ?? [];
        var sizes = volumes.Select(v => PlanQuantities.Value(v.Size)).ToList();
        return new PlanFootprint
        {
            Replicas = spec.Mode == WorkloadModes.OneShot ? 1 : spec.Replicas ?? ManagedContainerDefaults.Replicas,
            Cpu = spec.Resources?.Cpu ?? settings.DefaultCpu,
            Memory = spec.Resources?.Memory ?? settings.DefaultMemory,
            EphemeralStorage = spec.Resources?.EphemeralStorage,
            Gpu = spec.Resources?.Gpu ?? 0,
            Volumes = volumes.Count,
            LargestVolume = sizes.Count == 0 ? null : PlanQuantities.Bytes(sizes.Max()),
            Storage = sizes.Count == 0 ? null : PlanQuantities.Bytes(sizes.Sum()),
            EnvVars = (spec.Env?.Count ?? 0) + (spec.SecretEnv?.Count ?? 0),
            LifetimeSeconds = LifetimeSeconds(container),
            Sandbox = spec.Sandbox ?? settings.DefaultSandbox,
            Egress = spec.Networking?.Egress ?? ManagedContainerDefaults.Egress,
            Ingress = ManagedContainerDefaults.EffectiveIngress(spec),
            Architecture = spec.Architecture,
            OneShot = spec.Mode == WorkloadModes.OneShot,
            CustomDomain = spec.Networking?.Host is not null,
            Root = MayRunAsRoot(spec, settings),
            LoadBalancer = spec.Networking?.LoadBalancer == true,
            Running = running,
        };
    }

    /// <summary>runAsUser 0, or no user in a sandbox profile that runs the image's own user (root in most images).</summary>
    private static bool MayRunAsRoot(ManagedContainerSpec spec, OperatorSettings settings) =>
        spec.SecurityContext?.RunAsUser switch
        {
            0 => true,
            null => settings.Sandboxes.TryGetValue(spec.Sandbox ?? settings.DefaultSandbox, out var profile) && profile.AllowImageUser,
            _ => false,
        };

    /// <summary>Seconds from creation to expiry; null without a lifetime.</summary>
    private static long? LifetimeSeconds(V1Alpha1ManagedContainer container)
    {
        if (container.Spec.Lifetime is not { } lifetime)
        {
            return null;
        }

        if (lifetime.TimeoutSeconds is { } timeout)
        {
            return timeout;
        }

        if (lifetime.ExpiresAt is { } expiresAt && container.Metadata.CreationTimestamp is { } created)
        {
            var seconds = (expiresAt - new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc))).TotalSeconds;
            return (long)Math.Max(0, Math.Ceiling(seconds));
        }

        return null;
    }
}
