using System.Globalization;
using KubeContainers.Api;
using KubeContainers.Api.Validation;

namespace KubeContainers.Operator.Plans;

/// <summary>
/// A plan's per-container rules: its maxima (<c>spec.limits</c>) and what it allows (<c>spec.allow</c>). The
/// shipped ValidatingAdmissionPolicy refuses the same at admission with the same messages; the operator checks them
/// again for what admission cannot see (the built-in plan, the plan's own defaults, a cluster without the policy).
/// <para>
/// A plan change never refuses what already runs: a rule is broken only by a value that is new or grown compared
/// with what the plan admitted last (<c>status.admitted</c>), as the policy compares with <c>oldObject</c>.
/// </para>
/// </summary>
public static class PlanRules
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>Every rule the container breaks, in field order; empty when it fits.</summary>
    /// <param name="plan">The plan in force.</param>
    /// <param name="candidate">The container as it would run now.</param>
    /// <param name="admitted">What the plan admitted last; null for a container never admitted.</param>
    /// <param name="spec">The spec with the plan's defaults, for the index of an offending volume.</param>
    public static IReadOnlyList<string> Check(PlanInForce plan, PlanFootprint candidate, PlanFootprint? admitted, ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new FieldErrors();
        if (plan.Spec.Limits is { } limits)
        {
            Limits(plan.Name, limits, candidate, admitted, spec, errors);
        }

        if (plan.Spec.Allow is { } allow)
        {
            Allow(plan.Name, allow, candidate, admitted, errors);
        }

        return errors.Messages;
    }

    /// <summary>The part of a message that names the plan and its field.</summary>
    public static string Source(string plan, string field) => $"ContainerPlan {plan}, {field}";

    private static void Limits(string plan, PlanLimits limits, PlanFootprint now, PlanFootprint? before, ManagedContainerSpec spec, FieldErrors errors)
    {
        if (limits.MaxReplicas is { } maxReplicas && now.Replicas > maxReplicas && !(now.Replicas <= before?.Replicas))
        {
            errors.Invalid(Spec.Child("replicas"), now.Replicas, NoMoreThan(maxReplicas.ToString(CultureInfo.InvariantCulture), plan, "limits.maxReplicas"));
        }

        Quantity(Spec.Child("resources", "cpu"), now.Cpu, before?.Cpu, limits.MaxCpu, plan, "limits.maxCpu", errors);
        Quantity(Spec.Child("resources", "memory"), now.Memory, before?.Memory, limits.MaxMemory, plan, "limits.maxMemory", errors);
        Quantity(Spec.Child("resources", "ephemeralStorage"), now.EphemeralStorage, before?.EphemeralStorage, limits.MaxEphemeralStorage, plan, "limits.maxEphemeralStorage", errors);
        if (limits.MaxGpu is { } maxGpu && now.Gpu > maxGpu && !(now.Gpu <= before?.Gpu))
        {
            errors.Invalid(Spec.Child("resources", "gpu"), now.Gpu, NoMoreThan(maxGpu.ToString(CultureInfo.InvariantCulture), plan, "limits.maxGpu"));
        }

        if (limits.MaxVolumes is { } maxVolumes && now.Volumes > maxVolumes && !(now.Volumes <= before?.Volumes))
        {
            errors.TooMany(Spec.Child("volumes"), now.Volumes, maxVolumes, Source(plan, "limits.maxVolumes"));
        }

        if (limits.MaxVolumeSize is { } maxSize && spec.Volumes is { } volumes)
        {
            var grandfathered = PlanQuantities.Value(before?.LargestVolume);
            var max = PlanQuantities.Value(maxSize);
            for (var i = 0; i < volumes.Count; i++)
            {
                var size = PlanQuantities.Value(volumes[i].Size);
                if (size > max && size > grandfathered)
                {
                    errors.Invalid(Spec.Child("volumes").Index(i).Child("size"), volumes[i].Size, NoMoreThan(maxSize, plan, "limits.maxVolumeSize"));
                    break;
                }
            }
        }

        if (limits.MaxLifetimeSeconds is { } maxLifetime && now.LifetimeSeconds > maxLifetime && !(now.LifetimeSeconds <= before?.LifetimeSeconds))
        {
            var rule = NoMoreThan(maxLifetime.ToString(CultureInfo.InvariantCulture), plan, "limits.maxLifetimeSeconds");
            if (spec.Lifetime?.TimeoutSeconds is { } timeout)
            {
                errors.Invalid(Spec.Child("lifetime", "timeoutSeconds"), timeout, rule);
            }
            else if (spec.Lifetime?.ExpiresAt is { } expiresAt)
            {
                errors.Invalid(Spec.Child("lifetime", "expiresAt"), expiresAt, string.Create(CultureInfo.InvariantCulture,
                    $"must be no more than {maxLifetime} seconds after metadata.creationTimestamp ({Source(plan, "limits.maxLifetimeSeconds")})"));
            }
        }

        if (limits.MaxEnvVars is { } maxEnv && now.EnvVars > maxEnv && !(now.EnvVars <= before?.EnvVars))
        {
            errors.TooManyNoted(Spec.Child("env"), now.EnvVars, maxEnv, "env and secretEnv together", Source(plan, "limits.maxEnvVars"));
        }
    }

    private static void Quantity(FieldPath path, string? now, string? before, string? limit, string plan, string field, FieldErrors errors)
    {
        if (now is null || limit is null)
        {
            return;
        }

        var value = PlanQuantities.Value(now);
        if (value > PlanQuantities.Value(limit) && (before is null || value > PlanQuantities.Value(before)))
        {
            errors.Invalid(path, now, NoMoreThan(limit, plan, field));
        }
    }

    private static void Allow(string plan, PlanAllow allow, PlanFootprint now, PlanFootprint? before, FieldErrors errors)
    {
        OneOf(Spec.Child("sandbox"), now.Sandbox, before?.Sandbox, allow.Sandboxes, plan, "allow.sandboxes", errors);
        OneOf(Spec.Child("networking", "egress"), now.Egress, before?.Egress, allow.Egress, plan, "allow.egress", errors);
        OneOf(Spec.Child("networking", "ingress"), now.Ingress, before?.Ingress, allow.Ingress, plan, "allow.ingress", errors);
        OneOf(Spec.Child("architecture"), now.Architecture, before?.Architecture, allow.Architectures, plan, "allow.architectures", errors);
        Flag(Spec.Child("mode"), allow.OneShot, now.OneShot, before?.OneShot, "oneShot is not allowed", plan, "allow.oneShot", errors);
        Flag(Spec.Child("networking", "ingress"), allow.PublicUrls, now.Ingress == IngressModes.Public, before is null ? null : before.Ingress == IngressModes.Public,
            "a public URL is not allowed", plan, "allow.publicUrls", errors);
        Flag(Spec.Child("networking", "host"), allow.CustomDomains, now.CustomDomain, before?.CustomDomain, "a custom domain is not allowed", plan, "allow.customDomains", errors);
        // With rootInSandbox false the image's own user no longer runs (PlanSettings): only an explicit 0 is left.
        Flag(Spec.Child("securityContext", "runAsUser"), allow.RootInSandbox, now.Root, before?.Root, "root is not allowed", plan, "allow.rootInSandbox", errors);
        Flag(Spec.Child("networking", "loadBalancer"), allow.LoadBalancers, now.LoadBalancer, before?.LoadBalancer, "a load balancer is not allowed", plan, "allow.loadBalancers", errors);
    }

    /// <summary>A value outside the allowed list, unless it is the one admitted before. No value (any architecture)
    /// is never refused.</summary>
    private static void OneOf(FieldPath path, string? now, string? before, IList<string>? allowed, string plan, string field, FieldErrors errors)
    {
        if (allowed is null || now is null || allowed.Contains(now) || now == before)
        {
            return;
        }

        // As the admission policy (and Go's field.NotSupported): no "supported values" part for an empty list.
        if (allowed.Count == 0)
        {
            errors.UnsupportedNoted(path, now, Source(plan, field));
        }
        else
        {
            errors.Unsupported(path, now, $"supported values: {string.Join(", ", allowed.Select(FieldErrors.Quote))} ({Source(plan, field)})");
        }
    }

    private static void Flag(FieldPath path, bool? allowed, bool used, bool? usedBefore, string what, string plan, string field, FieldErrors errors)
    {
        if (allowed == false && used && usedBefore != true)
        {
            errors.Forbidden(path, $"{what} ({Source(plan, field)})");
        }
    }

    private static string NoMoreThan(string limit, string plan, string field) => $"must be no more than {limit} ({Source(plan, field)})";
}
