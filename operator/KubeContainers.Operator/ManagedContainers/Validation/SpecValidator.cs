using System.Globalization;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Api.Validation;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.ManagedContainers.Validation;

/// <summary>
/// The operator's check of a ManagedContainer before any child is built: a non-empty answer means
/// <c>Ready=False</c>, reason InvalidSpec, with these messages, and no child created. Pure: the settings and the
/// time come in, nothing is read.
/// <para>
/// Only what the CRD cannot say is checked. The CRD's OpenAPI schema (types, bounds, patterns, enums, required
/// fields) and its CEL rules (env keys, unique names and mount paths, reserved labels, the Service's name, the rules
/// between fields) refuse everything else at admission with the apiserver's 422, on every real cluster and on the
/// repository's local cluster, which evaluates CEL as kube-apiserver 1.31 does. The rules that need only the spec
/// (the image reference's repository length and registry port, a secret variable also in spec.env, mount paths as
/// the kubelet mounts them, a file path against them) are in KubeContainers.Api's
/// <see cref="ManagedContainerSpecValidation"/>, beside the types; this class keeps what needs the operator: its
/// settings (the base and allowed domains, sandbox profiles, load balancers), the namespace (the default
/// host's length) or the clock (lifetime bounds), and calls the Api's rules in field order between them.
/// </para>
/// </summary>
public static partial class SpecValidator
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>Every rule the spec breaks, in field order; empty when it is valid. The sandbox is not among them:
    /// see <see cref="UnknownSandbox"/>.</summary>
    /// <param name="container">The ManagedContainer as read from the cluster.</param>
    /// <param name="settings">The operator's settings (domains, sandbox profiles, load balancers); the plan's maxima are Plans/PlanRules'.</param>
    /// <param name="now">The current time; stands in for the creation time of an object not yet created.</param>
    public static IReadOnlyList<string> Validate(V1Alpha1ManagedContainer container, OperatorSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new FieldErrors();
        if (container.Spec is not { } spec)
        {
            errors.Required(Spec, "the desired state of the container");
            return errors.Messages;
        }

        var metadata = container.Metadata ?? new V1ObjectMeta();
        DefaultHost(metadata, spec, settings, errors);
        ManagedContainerSpecValidation.Image(spec, errors);
        ManagedContainerSpecValidation.SecretEnv(spec, errors);
        Resources(spec.Resources, errors);
        Host(spec, settings, errors);
        Volumes(spec.Volumes, errors);
        ManagedContainerSpecValidation.Files(spec, FilesResource.VolumeNames(spec), errors);
        Lifetime(spec.Lifetime, metadata, now, errors);
        RunAsUser(spec, settings, errors);
        LoadBalancer(spec, settings, errors);

        // spec.restartedAt is not compared with now: it is only a token whose change restarts the replicas (kubectl
        // writes the client's clock), a future value harms nothing, and refusing one would fail a container over
        // clock skew between the user's machine and the operator.
        return errors.Messages;
    }

    /// <summary>
    /// The message for a sandbox profile the operator does not have (<c>spec.sandbox</c>, else its default), or
    /// null when it has it. Apart from <see cref="Validate"/> because it is reported with reason
    /// SandboxUnavailable: the spec may be right and the operator's configuration the one to change.
    /// </summary>
    public static string? UnknownSandbox(V1Alpha1ManagedContainer container, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(settings);
        var asked = container.Spec?.Sandbox;
        var name = asked ?? settings.DefaultSandbox;
        if (settings.Sandboxes.ContainsKey(name))
        {
            return null;
        }

        var known = settings.Sandboxes.Keys.Order(StringComparer.Ordinal).Select(FieldErrors.Quote).ToList();
        var supported = known.Count == 0 ? "none: the operator has no sandbox profile" : "supported values: " + string.Join(", ", known);
        var errors = new FieldErrors();
        errors.Unsupported(Spec.Child("sandbox"), name,
            asked is null ? $"the operator's default sandbox is not one of its profiles; {supported}" : supported);
        return errors.Messages[0];
    }

    // ---- spec.securityContext: root depends on the sandbox profile the operator has, which no schema knows.

    private static void RunAsUser(ManagedContainerSpec spec, OperatorSettings settings, FieldErrors errors)
    {
        var name = spec.Sandbox ?? settings.DefaultSandbox;
        if (spec.SecurityContext?.RunAsUser != 0 || !settings.Sandboxes.TryGetValue(name, out var profile) || profile.AllowImageUser)
        {
            return;
        }

        var allowing = settings.Sandboxes.Values.Where(p => p.AllowImageUser).Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var where = allowing.Count == 0
            ? "the operator has no sandbox profile that allows it"
            : $"set spec.sandbox to a profile that allows it: {string.Join(", ", allowing)}";
        errors.Invalid(Spec.Child("securityContext", "runAsUser"), 0,
            $"must not be 0 (root) outside a sandbox: sandbox profile {FieldErrors.Quote(name)} runs the container as a non-root user; {where}");
    }

    // ---- metadata.name: the default host's first label is <name>-<namespace>; only the operator knows the
    // namespace and the base domain, so no schema rule can bound it.

    private static void DefaultHost(V1ObjectMeta metadata, ManagedContainerSpec spec, OperatorSettings settings, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(metadata.Name) || spec.Networking?.Host is not null || ManagedContainerPorts.Http(spec) is null
            || ManagedContainerDefaults.EffectiveIngress(spec) != IngressModes.Public || string.IsNullOrEmpty(metadata.NamespaceProperty))
        {
            return;
        }

        var name = metadata.Name;
        var host = Names.DefaultHost(name, metadata.NamespaceProperty, settings.BaseDomain);
        var firstLabel = host[..host.IndexOf('.', StringComparison.Ordinal)];
        if (firstLabel.Length > NameRules.MaxLabelLength)
        {
            errors.Invalid(FieldPath.Root("metadata", "name"), name, string.Create(CultureInfo.InvariantCulture,
                $"the default host {host} starts with <name>-<namespace>, {firstLabel.Length} characters, but a DNS label may have at most 63: use a shorter name or set spec.networking.host"));
        }
        else if (host.Length > NameRules.MaxSubdomainLength)
        {
            errors.Invalid(FieldPath.Root("metadata", "name"), name, string.Create(CultureInfo.InvariantCulture,
                $"the default host <name>-<namespace>.{settings.BaseDomain} has {host.Length} characters, but a host name may have at most 253: use a shorter name or set spec.networking.host"));
        }
    }

    // ---- resources: what a quantity pattern cannot say. The maxima are the plan's (Plans/PlanRules).

    private static void Resources(ResourcesSpec? resources, FieldErrors errors)
    {
        if (resources is null)
        {
            return;
        }

        Quantity(Spec.Child("resources", "cpu"), resources.Cpu, wholeBytes: false, errors);
        Quantity(Spec.Child("resources", "memory"), resources.Memory, wholeBytes: true, errors);
        Quantity(Spec.Child("resources", "ephemeralStorage"), resources.EphemeralStorage, wholeBytes: true, errors);
    }

    /// <summary>A quantity that is positive and, for bytes, whole. One the CRD's pattern refuses never gets here
    /// (admission) and is skipped.</summary>
    private static void Quantity(FieldPath path, string? value, bool wholeBytes, FieldErrors errors)
    {
        if (value is not null && QuantityRules.ParseUnsigned(value) is { } amount && QuantityRules.ValueProblem(amount, wholeBytes) is { } problem)
        {
            errors.Invalid(path, value, problem);
        }
    }

    // ---- networking.host: under the operator's domains (the CRD's pattern and CEL rules say the rest).

    private static void Host(ManagedContainerSpec spec, OperatorSettings settings, FieldErrors errors)
    {
        if (spec.Networking?.Host is not { } host)
        {
            return;
        }

        var baseDomain = NormalizeDomain(settings.BaseDomain);
        if (host == baseDomain)
        {
            errors.Invalid(Spec.Child("networking", "host"), host, $"must not be the base domain {baseDomain} itself: use a name under it, such as web.{baseDomain}");
            return;
        }

        var allowed = settings.AllowedDomains.Select(NormalizeDomain).Where(d => d.Length > 0).ToList();
        if (host.EndsWith("." + baseDomain, StringComparison.Ordinal)
            || allowed.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal)))
        {
            return;
        }

        errors.Invalid(Spec.Child("networking", "host"), host, allowed.Count == 0
            ? $"must be under the operator's base domain {baseDomain} (no other domain is allowed)"
            : $"must be under the operator's base domain {baseDomain}, or be one of the allowed domains ({string.Join(", ", allowed)}) or under one");
    }

    private static string NormalizeDomain(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    // ---- volumes: mount paths as the kubelet mounts them (ManagedContainerSpecValidation); the count and size
    // maxima are the plan's (Plans/PlanRules).

    private static void Volumes(IList<VolumeSpec>? volumes, FieldErrors errors)
    {
        if (volumes is null)
        {
            return;
        }

        var mounts = new List<ManagedContainerSpecValidation.Mount>();
        for (var i = 0; i < volumes.Count; i++)
        {
            if (volumes[i] is not { } volume)
            {
                continue;
            }

            var path = Spec.Child("volumes").Index(i);
            if (volume.MountPath is { Length: > 0 } mountPath && mountPath.StartsWith('/'))
            {
                ManagedContainerSpecValidation.VolumeMountPath(path.Child("mountPath"), mountPath, i, mounts, errors);
            }

            if (volume.Size is { Length: > 0 } size)
            {
                Quantity(path.Child("size"), size, wholeBytes: true, errors);
            }
        }
    }

    // ---- networking.loadBalancer: whether load balancers are allowed is the operator's setting. What a load
    // balancer needs of the spec (a port besides the HTTP one, inbound traffic) is the CRD's CEL rules', as are every
    // rule of spec.ports and every rule that needs a port (SpecAdmissionTests).

    private static void LoadBalancer(ManagedContainerSpec spec, OperatorSettings settings, FieldErrors errors)
    {
        if (spec.Networking?.LoadBalancer == true && !settings.AllowLoadBalancers)
        {
            errors.Forbidden(Spec.Child("networking", "loadBalancer"),
                "this operator does not allow load balancers: its administrator can turn them on with --allow-load-balancers (chart value operator.allowLoadBalancers)");
        }
    }

    // ---- lifetime: the creation time. The maximum is the plan's (Plans/PlanRules).

    private static void Lifetime(LifetimeSpec? lifetime, V1ObjectMeta metadata, DateTimeOffset now, FieldErrors errors)
    {
        if (lifetime?.TimeoutSeconds is not null || lifetime?.ExpiresAt is not { } expiresAt)
        {
            return;
        }

        // Measured from the creation, never from now: a stored object must not turn invalid as time passes. An
        // expiresAt that is now in the past is the normal end of a lifetime (phase Expired), not a bad spec; only
        // one that was already past when the object was created is. Without a creation time (an object not created
        // yet) the creation is now.
        var created = metadata.CreationTimestamp is { } stamp
            ? new DateTimeOffset(DateTime.SpecifyKind(stamp, DateTimeKind.Utc))
            : now;
        if (expiresAt <= created)
        {
            errors.Invalid(Spec.Child("lifetime", "expiresAt"), expiresAt,
                $"must be after metadata.creationTimestamp {FieldErrors.Time(created)}");
        }
    }
}
