using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Validation;

/// <summary>
/// The operator's check of a ManagedContainer before any child is built: a non-empty answer means
/// <c>Ready=False</c>, reason InvalidSpec, with these messages, and no child created. Pure: the settings and the
/// time come in, nothing is read.
/// <para>
/// What is checked here and what is left to admission. The CRD schema and its CEL rules refuse most bad input
/// at admission; this validator is the second line and covers three kinds of rule:
/// (1) rules no schema can express because they depend on the operator's settings (limits, sandbox profiles, the
/// base and allowed domains), the namespace (the default host's length) or the creation time (lifetime bounds);
/// (2) every CEL rule of the CRD again, because CEL is not evaluated everywhere (the repository's local cluster
/// skips it; admission of objects stored before a rule was added did not run it);
/// (3) the schema's patterns and bounds whose violation would make the operator build a child the apiserver
/// refuses or that runs differently than asked (image, ports, names, paths, quantities, enums): an object
/// stored before a pattern was tightened is not validated again until it is next written, and each such check is
/// one comparison or one anchored regular expression.
/// Pure counts with no consequence for the children (command/args items, labels at most 32, env at most 100
/// keys before the operator's own limit) are left to the schema.
/// </para>
/// </summary>
public static partial class SpecValidator
{
    private const int MaxNameLength = 63;
    private const int MaxSubdomainLength = 253;
    private const int MaxPathLength = 1024;
    private const int MaxImageLength = 1024;

    /// <summary>The distribution reference grammar's limit on the repository name, registry included.</summary>
    private const int MaxRepositoryNameLength = 255;

    private const string EnvNameRule =
        "a valid environment variable name must consist of alphabetic characters, digits or '_', and must not start with a digit (regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')";

    private const string SubdomainRule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (at most 253 characters)";

    private const string LabelRule =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63 characters)";

    private const string QuantityRule =
        "must be a quantity such as 500m, 2, 512Mi or 5Gi (a non-negative number with an optional SI or binary suffix)";

    private static readonly string[] SystemPaths = ["/proc", "/sys", "/dev"];

    /// <summary>Every rule the spec breaks, in field order; empty when it is valid. The sandbox is not among them:
    /// see <see cref="UnknownSandbox"/>.</summary>
    /// <param name="container">The ManagedContainer as read from the cluster.</param>
    /// <param name="settings">The operator's settings (limits, domains).</param>
    /// <param name="now">The current time; stands in for the creation time of an object not yet created.</param>
    public static IReadOnlyList<string> Validate(V1Alpha1ManagedContainer container, OperatorSettings settings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new FieldErrors();
        if (container.Spec is not { } spec)
        {
            errors.Required("spec", "the desired state of the container");
            return errors.Messages;
        }

        var metadata = container.Metadata ?? new V1ObjectMeta();
        Name(metadata, spec, settings, errors);
        Image(spec.Image, errors);
        WorkingDir(spec.WorkingDir, errors);
        Env(spec, settings.Limits, errors);
        Port("spec.port", spec.Port, errors);
        Replicas(spec, settings.Limits, errors);
        Resources(spec.Resources, settings.Limits, errors);
        HealthCheck(spec, errors);
        OneOf("spec.architecture", spec.Architecture, [Architectures.Amd64, Architectures.Arm64], errors);
        Networking(spec, settings, errors);
        Volumes(spec.Volumes, settings.Limits, errors);
        OneOf("spec.mode", spec.Mode, [WorkloadModes.Persistent, WorkloadModes.OneShot], errors);
        Lifetime(spec.Lifetime, metadata, settings.Limits, now, errors);
        Rollout(spec.Rollout, errors);
        ImagePullSecrets(spec.ImagePullSecrets, errors);
        UserLabels(spec.Labels, errors);

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
        return asked is null
            ? $"spec.sandbox: Unsupported value: {FieldErrors.Quote(name)}: the operator's default sandbox is not one of its profiles; {supported}"
            : $"spec.sandbox: Unsupported value: {FieldErrors.Quote(name)}: {supported}";
    }

    // ---- metadata.name: it names the children, so their rules apply to it.

    private static void Name(V1ObjectMeta metadata, ManagedContainerSpec spec, OperatorSettings settings, FieldErrors errors)
    {
        var name = metadata.Name;
        if (string.IsNullOrEmpty(name))
        {
            errors.Required("metadata.name", "name or generateName is required");
            return;
        }

        // Same rules as the CRD's root CEL rules: every child carries the name as a label value (at most 63
        // characters), and the Service, named after the container, must be a DNS-1035 label.
        var hasService = spec.Port is not null;
        if (name.Length > MaxNameLength)
        {
            errors.Invalid("metadata.name", name, hasService
                ? "must be no more than 63 characters: it is the name of the Service (spec.port is set) and a label value on every child"
                : "must be no more than 63 characters: it is a label value on every child");
            return;
        }

        if (hasService && !Matches(Dns1035Label(), name))
        {
            errors.Invalid("metadata.name", name,
                "a Service name must be a DNS-1035 label: lower case letters, digits or '-', starting with a letter and ending with a letter or digit; spec.port is set, so the container needs a Service of this name");
            return;
        }

        // The default host's first label is <name>-<namespace>: only the operator knows the namespace and the
        // base domain, so no schema rule can bound it.
        if (spec.Networking?.Host is null && hasService && ManagedContainerDefaults.EffectiveIngress(spec) == IngressModes.Public
            && !string.IsNullOrEmpty(metadata.NamespaceProperty))
        {
            var host = Names.DefaultHost(name, metadata.NamespaceProperty, settings.BaseDomain);
            var firstLabel = host[..host.IndexOf('.', StringComparison.Ordinal)];
            if (firstLabel.Length > MaxNameLength)
            {
                errors.Invalid("metadata.name", name, string.Create(CultureInfo.InvariantCulture,
                    $"the default host {host} starts with <name>-<namespace>, {firstLabel.Length} characters, but a DNS label may have at most 63: use a shorter name or set spec.networking.host"));
            }
            else if (host.Length > MaxSubdomainLength)
            {
                errors.Invalid("metadata.name", name, string.Create(CultureInfo.InvariantCulture,
                    $"the default host <name>-<namespace>.{settings.BaseDomain} has {host.Length} characters, but a host name may have at most 253: use a shorter name or set spec.networking.host"));
            }
        }
    }

    // ---- image

    private static void Image(string? image, FieldErrors errors)
    {
        const string path = "spec.image";
        if (string.IsNullOrEmpty(image))
        {
            errors.Required(path, "an OCI image reference such as nginx, ghcr.io/org/web:v1.2.3 or repo@sha256:<digest>");
            return;
        }

        if (image.Length > MaxImageLength || !Matches(ImageReference(), image))
        {
            errors.Invalid(path, image,
                "must be an OCI image reference [registry[:port]/]repository[:tag][@sha256:<64 hex digits>], with a lower-case repository and a tag of at most 128 letters, digits, '_', '.' or '-' not starting with '.' or '-'");
            return;
        }

        // What the pattern cannot say. A ':' before the first '/' can only be a registry port (a tag never precedes
        // a '/'); the repository name is everything before the tag and the digest.
        var withoutDigest = image.Split('@')[0];
        var firstSlash = withoutDigest.IndexOf('/', StringComparison.Ordinal);
        var lastColon = withoutDigest.LastIndexOf(':');
        var repository = lastColon > withoutDigest.LastIndexOf('/') ? withoutDigest[..lastColon] : withoutDigest;
        if (repository.Length > MaxRepositoryNameLength)
        {
            errors.Invalid(path, image, string.Create(CultureInfo.InvariantCulture,
                $"the repository name (with the registry) must be no more than 255 characters, it has {repository.Length}"));
        }

        if (firstSlash > 0 && withoutDigest[..firstSlash].Split(':') is [_, var port]
            && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535))
        {
            errors.Invalid(path, image, $"the registry port {port} must be between 1 and 65535");
        }
    }

    private static void WorkingDir(string? workingDir, FieldErrors errors)
    {
        if (workingDir is not null && (workingDir.Length > 4096 || !Matches(AbsolutePath(), workingDir)))
        {
            errors.Invalid("spec.workingDir", workingDir, "must be an absolute path without control characters");
        }
    }

    // ---- environment

    private static void Env(ManagedContainerSpec spec, OperatorLimits limits, FieldErrors errors)
    {
        var env = spec.Env ?? new Dictionary<string, string>();
        foreach (var (key, value) in env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var path = FieldErrors.Key("spec.env", key);
            if (!Matches(EnvVarName(), key))
            {
                errors.Invalid(path, key, EnvNameRule);
            }

            // Counted in code points, as the schema's maxLength counts, so admission and this check agree.
            if (value is not null && value.EnumerateRunes().Count() > ManagedContainerDefaults.MaxEnvValueLength)
            {
                errors.TooLong(path, ManagedContainerDefaults.MaxEnvValueLength);
            }
        }

        var secretEnv = spec.SecretEnv ?? [];
        var total = env.Count + secretEnv.Count;
        if (total > limits.MaxEnvVars)
        {
            errors.TooMany("spec.env", total, limits.MaxEnvVars, "spec.env and spec.secretEnv together; the operator limit");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < secretEnv.Count; i++)
        {
            var path = FieldErrors.Index("spec.secretEnv", i);
            if (secretEnv[i] is not { } entry)
            {
                errors.Required(path, "an entry with name, secretName and key");
                continue;
            }

            if (string.IsNullOrEmpty(entry.Name))
            {
                errors.Required(path + ".name", "the variable's name");
            }
            else if (entry.Name.Length > MaxSubdomainLength || !Matches(EnvVarName(), entry.Name))
            {
                errors.Invalid(path + ".name", entry.Name, EnvNameRule);
            }
            else if (!names.Add(entry.Name))
            {
                errors.Duplicate(path + ".name", entry.Name);
            }
            else if (env.ContainsKey(entry.Name))
            {
                errors.Invalid(path + ".name", entry.Name, "must not also be a key of spec.env");
            }

            if (string.IsNullOrEmpty(entry.SecretName))
            {
                errors.Required(path + ".secretName", "the name of a Secret in the same namespace");
            }
            else if (!IsSubdomain(entry.SecretName))
            {
                errors.Invalid(path + ".secretName", entry.SecretName, SubdomainRule);
            }

            if (string.IsNullOrEmpty(entry.Key))
            {
                errors.Required(path + ".key", "a key of the Secret");
            }
            else if (entry.Key.Length > MaxSubdomainLength || !Matches(SecretKey(), entry.Key))
            {
                errors.Invalid(path + ".key", entry.Key,
                    "a valid config key must consist of alphanumeric characters, '-', '_' or '.', must not be '.' or '..' and must not start with '..' (at most 253 characters)");
            }
        }
    }

    // ---- ports, replicas, resources

    private static void Port(string path, int? port, FieldErrors errors)
    {
        if (port is { } p and (< 1 or > 65535))
        {
            errors.Invalid(path, p, "must be between 1 and 65535");
        }
    }

    private static void Replicas(ManagedContainerSpec spec, OperatorLimits limits, FieldErrors errors)
    {
        if (spec.Replicas is not { } replicas)
        {
            return;
        }

        if (replicas < 0)
        {
            errors.Invalid("spec.replicas", replicas, "must be greater than or equal to 0");
        }
        else if (replicas > limits.MaxReplicas)
        {
            errors.Invalid("spec.replicas", replicas, LimitRule(limits.MaxReplicas.ToString(CultureInfo.InvariantCulture)));
        }
        else if (spec.Mode == WorkloadModes.OneShot && replicas > 1)
        {
            errors.Invalid("spec.replicas", replicas, "must be 0 or 1 when spec.mode is oneShot");
        }
    }

    private static void Resources(ResourcesSpec? resources, OperatorLimits limits, FieldErrors errors)
    {
        if (resources is null)
        {
            return;
        }

        Quantity("spec.resources.cpu", resources.Cpu, limits.MaxCpu, wholeBytes: false, errors);
        Quantity("spec.resources.memory", resources.Memory, limits.MaxMemory, wholeBytes: true, errors);
        Quantity("spec.resources.ephemeralStorage", resources.EphemeralStorage, limits.MaxEphemeralStorage, wholeBytes: true, errors);
        if (resources.Gpu is { } gpu)
        {
            if (gpu < 0)
            {
                errors.Invalid("spec.resources.gpu", gpu, "must be greater than or equal to 0");
            }
            else if (gpu > limits.MaxGpu)
            {
                errors.Invalid("spec.resources.gpu", gpu, LimitRule(limits.MaxGpu.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>A quantity that parses, is positive, is at most the operator's limit and, for bytes, is whole.</summary>
    private static void Quantity(string path, string? value, string limit, bool wholeBytes, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }

        if (ParseQuantity(value) is not { } amount)
        {
            errors.Invalid(path, value, QuantityRule);
            return;
        }

        if (amount <= 0)
        {
            errors.Invalid(path, value, "must be greater than 0");
        }
        else if (wholeBytes && amount != decimal.Truncate(amount))
        {
            errors.Invalid(path, value, "must be a whole number of bytes (the suffix m means thousandths: did you mean Mi or M?)");
        }
        else if (ParseQuantity(limit) is { } max && amount > max)
        {
            // A limit that does not parse is the settings loader's to refuse, not the user's fault.
            errors.Invalid(path, value, LimitRule(limit));
        }
    }

    private static decimal? ParseQuantity(string value)
    {
        if (value.Length == 0 || value.Length > 64 || !Matches(QuantityPattern(), value))
        {
            return null;
        }

        try
        {
            return new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static string LimitRule(string limit) => $"must be less than or equal to the operator limit {limit}";

    // ---- health check

    private static void HealthCheck(ManagedContainerSpec spec, FieldErrors errors)
    {
        if (spec.HealthCheck is not { } check)
        {
            return;
        }

        if (check.Path is { } path)
        {
            if (!path.StartsWith('/'))
            {
                errors.Invalid("spec.healthCheck.path", path, "must start with '/'");
            }
            else if (path.Length > MaxPathLength || !Matches(HttpPath(), path))
            {
                errors.Invalid("spec.healthCheck.path", path,
                    "must be printable ASCII without whitespace or control characters (percent-encode others), at most 1024 characters");
            }
        }

        if (spec.Port is null && check.Port is null)
        {
            errors.Required("spec.healthCheck.port", "spec.healthCheck requires spec.port (or spec.healthCheck.port): there is no port to probe");
        }

        Port("spec.healthCheck.port", check.Port, errors);
        Range("spec.healthCheck.periodSeconds", check.PeriodSeconds, 1, 3600, errors);
        Range("spec.healthCheck.timeoutSeconds", check.TimeoutSeconds, 1, 3600, errors);
        Range("spec.healthCheck.failureThreshold", check.FailureThreshold, 1, 100, errors);
        Range("spec.healthCheck.initialDelaySeconds", check.InitialDelaySeconds, 0, 3600, errors);
    }

    private static void Range(string path, int? value, int min, int max, FieldErrors errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Invalid(path, v, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));
        }
    }

    // ---- networking

    private static void Networking(ManagedContainerSpec spec, OperatorSettings settings, FieldErrors errors)
    {
        if (spec.Networking is not { } networking)
        {
            return;
        }

        OneOf("spec.networking.ingress", networking.Ingress, [IngressModes.Public, IngressModes.Private, IngressModes.None], errors);
        OneOf("spec.networking.egress", networking.Egress, [EgressModes.Internet, EgressModes.Cluster, EgressModes.None], errors);
        if (networking.Ingress is IngressModes.Public or IngressModes.Private && spec.Port is null)
        {
            errors.Invalid("spec.networking.ingress", networking.Ingress,
                "public and private require spec.port; a container without a port takes none");
        }

        if (networking.Host is not { } host)
        {
            return;
        }

        if (spec.Port is null || ManagedContainerDefaults.EffectiveIngress(spec) != IngressModes.Public)
        {
            errors.Invalid("spec.networking.host", host, "requires spec.port and networking.ingress public");
            return;
        }

        if (HostError(host, settings) is { } why)
        {
            errors.Invalid("spec.networking.host", host, why);
        }
    }

    /// <summary>The first thing wrong with a custom host, or null.</summary>
    private static string? HostError(string host, OperatorSettings settings)
    {
        if (host.Contains('*', StringComparison.Ordinal))
        {
            return "must not be a wildcard: one container gets one host";
        }

        // IPAddress.TryParse alone would take "123" for 0.0.0.123; an IPv4 address has three dots, IPv6 colons.
        if (IPAddress.TryParse(host, out _) && (host.Contains(':', StringComparison.Ordinal) || host.Count(c => c == '.') == 3))
        {
            return "must be a DNS name, not an IP address";
        }

        if (host.Length > MaxSubdomainLength || !Matches(HostName(), host))
        {
            return "must be a lower-case DNS name: labels of at most 63 lower case letters, digits or '-', each starting and ending with a letter or digit, joined by '.', the last starting with a letter, at most 253 characters";
        }

        var baseDomain = NormalizeDomain(settings.BaseDomain);
        if (host == baseDomain)
        {
            return $"must not be the base domain {baseDomain} itself: use a name under it, such as web.{baseDomain}";
        }

        var allowed = settings.AllowedDomains.Select(NormalizeDomain).Where(d => d.Length > 0).ToList();
        if (host.EndsWith("." + baseDomain, StringComparison.Ordinal)
            || allowed.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal)))
        {
            return null;
        }

        return allowed.Count == 0
            ? $"must be under the operator's base domain {baseDomain} (no other domain is allowed)"
            : $"must be under the operator's base domain {baseDomain}, or be one of the allowed domains ({string.Join(", ", allowed)}) or under one";
    }

    private static string NormalizeDomain(string domain) => domain.Trim().TrimEnd('.').ToLowerInvariant();

    // ---- volumes

    private static void Volumes(IList<VolumeSpec>? volumes, OperatorLimits limits, FieldErrors errors)
    {
        if (volumes is null)
        {
            return;
        }

        if (volumes.Count > limits.MaxVolumes)
        {
            errors.TooMany("spec.volumes", volumes.Count, limits.MaxVolumes, "the operator limit");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var mounts = new List<(int Index, string Normalized, string Raw)>();
        for (var i = 0; i < volumes.Count; i++)
        {
            var path = FieldErrors.Index("spec.volumes", i);
            if (volumes[i] is not { } volume)
            {
                errors.Required(path, "a volume with name, mountPath and size");
                continue;
            }

            if (string.IsNullOrEmpty(volume.Name))
            {
                errors.Required(path + ".name", "the volume's name");
            }
            else if (volume.Name.Length > MaxNameLength || !Matches(Rfc1123Label(), volume.Name))
            {
                errors.Invalid(path + ".name", volume.Name, LabelRule);
            }
            else if (!names.Add(volume.Name))
            {
                errors.Duplicate(path + ".name", volume.Name);
            }

            if (MountPathError(volume.MountPath) is { } why)
            {
                errors.Invalid(path + ".mountPath", volume.MountPath, why);
            }
            else
            {
                MountOverlap(path + ".mountPath", volume.MountPath, i, mounts, errors);
            }

            if (string.IsNullOrEmpty(volume.Size))
            {
                errors.Required(path + ".size", "the claim's capacity, such as 1Gi");
            }
            else
            {
                Quantity(path + ".size", volume.Size, limits.MaxVolumeSize, wholeBytes: true, errors);
            }

            if (volume.StorageClassName is { } storageClass && !IsSubdomain(storageClass))
            {
                errors.Invalid(path + ".storageClassName", storageClass, SubdomainRule);
            }
        }
    }

    private static string? MountPathError(string? mountPath)
    {
        if (string.IsNullOrEmpty(mountPath))
        {
            return "must be an absolute path";
        }

        if (mountPath.Length > MaxPathLength || !Matches(AbsolutePath(), mountPath))
        {
            return "must be an absolute path without control characters, at most 1024 characters";
        }

        if (mountPath.Split('/').Contains(".."))
        {
            return "must not contain a '..' segment";
        }

        var normalized = NormalizePath(mountPath);
        if (normalized == "/")
        {
            return "must not be /";
        }

        return SystemPaths.Any(s => normalized == s || normalized.StartsWith(s + "/", StringComparison.Ordinal))
            ? "must not be /proc, /sys, /dev or under them"
            : null;
    }

    /// <summary>Two mounts at one path, or one inside the other, would hide a volume (the kubelet mounts in order).</summary>
    private static void MountOverlap(string path, string mountPath, int index, List<(int Index, string Normalized, string Raw)> earlier, FieldErrors errors)
    {
        var normalized = NormalizePath(mountPath);
        foreach (var (otherIndex, other, raw) in earlier)
        {
            if (other == normalized)
            {
                errors.Duplicate(path, mountPath);
                return;
            }

            if (normalized.StartsWith(other + "/", StringComparison.Ordinal) || other.StartsWith(normalized + "/", StringComparison.Ordinal))
            {
                errors.Invalid(path, mountPath, string.Create(CultureInfo.InvariantCulture,
                    $"must not be inside or contain another volume's mountPath: spec.volumes[{otherIndex}].mountPath is {FieldErrors.Quote(raw)}"));
                return;
            }
        }

        earlier.Add((index, normalized, mountPath));
    }

    /// <summary>The path the kubelet mounts at: repeated slashes, "." segments and a trailing slash removed.</summary>
    private static string NormalizePath(string path) =>
        "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));

    // ---- lifetime

    private static void Lifetime(LifetimeSpec? lifetime, V1ObjectMeta metadata, OperatorLimits limits, DateTimeOffset now, FieldErrors errors)
    {
        if (lifetime is null)
        {
            return;
        }

        OneOf("spec.lifetime.onExpiry", lifetime.OnExpiry, [ExpiryActions.Stop, ExpiryActions.Delete], errors);

        // The CRD's CEL rule (has(timeoutSeconds) != has(expiresAt)) refuses both and neither at admission; checked
        // again like every CEL rule.
        switch (lifetime.TimeoutSeconds, lifetime.ExpiresAt)
        {
            case (null, null):
                errors.Required("spec.lifetime", "set exactly one of timeoutSeconds and expiresAt");
                return;
            case (not null, not null):
                errors.Forbidden("spec.lifetime.expiresAt", "set exactly one of timeoutSeconds and expiresAt, not both");
                return;
        }

        var max = limits.MaxLifetimeSeconds;
        if (lifetime.TimeoutSeconds is { } timeout)
        {
            if (timeout < 1)
            {
                errors.Invalid("spec.lifetime.timeoutSeconds", timeout, "must be at least 1");
            }
            else if (max > 0 && timeout > max)
            {
                errors.Invalid("spec.lifetime.timeoutSeconds", timeout, $"{LimitRule(max.ToString(CultureInfo.InvariantCulture))} ({Duration(max)})");
            }

            return;
        }

        // Measured from the creation, never from now: a stored object must not turn invalid as time passes. An
        // expiresAt that is now in the past is the normal end of a lifetime (phase Expired), not a bad spec; only
        // one that was already past (or beyond the limit) when the object was created is. Without a creation
        // time (an object not created yet) the creation is now.
        var expiresAt = lifetime.ExpiresAt!.Value;
        var created = metadata.CreationTimestamp is { } stamp
            ? new DateTimeOffset(DateTime.SpecifyKind(stamp, DateTimeKind.Utc))
            : now;
        if (expiresAt <= created)
        {
            errors.Invalid("spec.lifetime.expiresAt", expiresAt,
                $"must be after metadata.creationTimestamp {FieldErrors.Time(created)}");
        }
        else if (max > 0 && (expiresAt - created).TotalSeconds > max)
        {
            errors.Invalid("spec.lifetime.expiresAt", expiresAt, string.Create(CultureInfo.InvariantCulture,
                $"must be at most {max} seconds ({Duration(max)}) after metadata.creationTimestamp {FieldErrors.Time(created)}: the operator limit"));
        }
    }

    private static string Duration(long seconds) => seconds switch
    {
        _ when seconds % 86400 == 0 => Plural(seconds / 86400, "day"),
        _ when seconds % 3600 == 0 => Plural(seconds / 3600, "hour"),
        _ when seconds % 60 == 0 => Plural(seconds / 60, "minute"),
        _ => Plural(seconds, "second"),
    };

    private static string Plural(long count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");

    // ---- the rest

    private static void Rollout(RolloutSpec? rollout, FieldErrors errors)
    {
        if (rollout?.ProgressDeadlineSeconds is { } deadline && deadline < 1)
        {
            errors.Invalid("spec.rollout.progressDeadlineSeconds", deadline, "must be at least 1");
        }
    }

    private static void ImagePullSecrets(IList<string>? secrets, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (secrets?.Count ?? 0); i++)
        {
            var path = FieldErrors.Index("spec.imagePullSecrets", i);
            var name = secrets![i];
            if (string.IsNullOrEmpty(name) || !IsSubdomain(name))
            {
                errors.Invalid(path, name, SubdomainRule);
            }
            else if (!seen.Add(name))
            {
                errors.Duplicate(path, name);
            }
        }
    }

    private static void UserLabels(IDictionary<string, string>? labels, FieldErrors errors)
    {
        foreach (var (key, value) in (labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var path = FieldErrors.Key("spec.labels", key);
            foreach (var why in QualifiedNameErrors(key))
            {
                errors.Invalid(path, key, why);
            }

            if (Labels.IsReserved(key))
            {
                errors.Invalid(path, key, "is reserved for the operator");
            }

            if (value is null)
            {
                continue;
            }

            if (value.Length > MaxNameLength)
            {
                errors.Invalid(path, value, "a label value must be no more than 63 characters");
            }
            else if (!Matches(LabelValue(), value))
            {
                errors.Invalid(path, value,
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
            }
        }
    }

    /// <summary>Kubernetes' IsQualifiedName: an optional DNS subdomain prefix and '/', then a name.</summary>
    private static IEnumerable<string> QualifiedNameErrors(string key)
    {
        const string nameRule =
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
        var parts = key.Split('/');
        if (parts.Length > 2)
        {
            yield return "a qualified name must be a name with an optional DNS subdomain prefix and one '/' (e.g. 'example.com/MyName')";
            yield break;
        }

        var name = parts[^1];
        if (parts.Length == 2)
        {
            var prefix = parts[0];
            if (prefix.Length == 0)
            {
                yield return "prefix part must be non-empty";
            }
            else if (prefix.Length > MaxSubdomainLength)
            {
                yield return "prefix part must be no more than 253 characters";
            }
            else if (!Matches(Rfc1123Subdomain(), prefix))
            {
                yield return "prefix part " + SubdomainRule;
            }
        }

        if (name.Length == 0)
        {
            yield return "name part must be non-empty";
        }
        else if (name.Length > MaxNameLength)
        {
            yield return "name part must be no more than 63 characters";
        }
        else if (!Matches(LabelValue(), name))
        {
            yield return nameRule;
        }
    }

    private static void OneOf(string path, string? value, string[] supported, FieldErrors errors)
    {
        if (value is not null && !supported.Contains(value, StringComparer.Ordinal))
        {
            errors.NotSupported(path, value, supported);
        }
    }

    /// <summary>
    /// The whole value matches. The patterns are written for RE2, where <c>$</c> is the end of the text; in .NET it
    /// also matches before a final newline, which would let "nginx\n" or "/health\n" through.
    /// </summary>
    private static bool Matches(Regex regex, string value) =>
        regex.Match(value) is { Success: true } match && match.Index == 0 && match.Length == value.Length;

    private static bool IsSubdomain(string value) => value.Length <= MaxSubdomainLength && Matches(Rfc1123Subdomain(), value);

    [GeneratedRegex(ValidationPatterns.ImageReference)]
    private static partial Regex ImageReference();

    [GeneratedRegex(ValidationPatterns.EnvVarName)]
    private static partial Regex EnvVarName();

    [GeneratedRegex(ValidationPatterns.SecretKey)]
    private static partial Regex SecretKey();

    [GeneratedRegex(ValidationPatterns.Rfc1123Subdomain)]
    private static partial Regex Rfc1123Subdomain();

    [GeneratedRegex(ValidationPatterns.Rfc1123Label)]
    private static partial Regex Rfc1123Label();

    [GeneratedRegex(ValidationPatterns.Dns1035Label)]
    private static partial Regex Dns1035Label();

    [GeneratedRegex(ValidationPatterns.HostName)]
    private static partial Regex HostName();

    [GeneratedRegex(ValidationPatterns.AbsolutePath)]
    private static partial Regex AbsolutePath();

    [GeneratedRegex(ValidationPatterns.HttpPath)]
    private static partial Regex HttpPath();

    [GeneratedRegex(ValidationPatterns.Quantity)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(ValidationPatterns.LabelValue)]
    private static partial Regex LabelValue();
}
