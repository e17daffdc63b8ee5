using System.Globalization;

namespace KubeContainers.Api.Validation;

/// <summary>
/// The spec rules that need nothing but the spec: no operator setting, no namespace, no clock. They sit beside the
/// types so that a new field's rule is written next to the field; the operator's <c>SpecValidator</c> calls them in
/// field order between its own checks (limits, domains, sandboxes, lifetime), which need its settings or the time.
/// Only what the CRD's schema and CEL rules cannot say is here: they refuse the rest at admission on every cluster
/// the chart installs on (1.27 and later, CEL on), so the operator does not repeat them.
/// </summary>
public static partial class ManagedContainerSpecValidation
{
    /// <summary>The distribution reference grammar's limit on the repository name, registry included.</summary>
    private const int MaxRepositoryNameLength = 255;

    private static readonly string[] SystemPaths = ["/proc", "/sys", "/dev"];

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>A volume's mount path seen so far, for the overlap check.</summary>
    /// <param name="Index">Its index in spec.volumes.</param>
    /// <param name="Normalized">As the kubelet mounts it.</param>
    /// <param name="Raw">As the user wrote it.</param>
    public readonly record struct Mount(int Index, string Normalized, string Raw);

    /// <summary>spec.image: what the CRD's pattern cannot say about a reference it accepts.</summary>
    public static void Image(ManagedContainerSpec spec, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        var image = spec.Image;
        if (string.IsNullOrEmpty(image))
        {
            return;
        }

        // A ':' before the first '/' can only be a registry port (a tag never precedes a '/'); the repository name
        // is everything before the tag and the digest.
        var path = Spec.Child("image");
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

    /// <summary>spec.secretEnv: a name also in spec.env (the pod would get the variable twice).</summary>
    public static void SecretEnv(ManagedContainerSpec spec, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        var env = spec.Env ?? new Dictionary<string, string>();
        var secretEnv = spec.SecretEnv ?? [];
        for (var i = 0; i < secretEnv.Count; i++)
        {
            if (secretEnv[i]?.Name is { } name && env.ContainsKey(name))
            {
                errors.Invalid(Spec.Child("secretEnv").Index(i).Child("name"), name, "must not also be a key of spec.env");
            }
        }
    }

    /// <summary>
    /// A volume's absolute mount path as the kubelet mounts it: not /, not in /proc, /sys or /dev, not at or inside
    /// an earlier volume's (the kubelet mounts in order, so one would hide the other). The CRD's CEL rules compare
    /// the raw strings: "//proc", "/./dev" or "/data/" and "/data" pass them.
    /// </summary>
    /// <param name="path">The field, <c>spec.volumes[i].mountPath</c>.</param>
    /// <param name="mountPath">Its value, starting with '/'.</param>
    /// <param name="index">The volume's index.</param>
    /// <param name="earlier">The earlier volumes' mount paths; this one is added when it is valid.</param>
    /// <param name="errors">Where the messages go.</param>
    public static void VolumeMountPath(FieldPath path, string mountPath, int index, List<Mount> earlier, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(mountPath);
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(errors);
        if (MountPathError(mountPath) is { } why)
        {
            errors.Invalid(path, mountPath, why);
            return;
        }

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
                errors.Invalid(path, mountPath,
                    $"must not be inside or contain another volume's mountPath: {Spec.Child("volumes").Index(otherIndex).Child("mountPath")} is {FieldErrors.Quote(raw)}");
                return;
            }
        }

        earlier.Add(new Mount(index, normalized, mountPath));
    }

    private static string? MountPathError(string mountPath)
    {
        var normalized = NormalizePath(mountPath);
        if (normalized == "/")
        {
            return "must not be /";
        }

        return SystemPaths.Any(s => normalized == s || normalized.StartsWith(s + "/", StringComparison.Ordinal))
            ? "must not be /proc, /sys, /dev or under them"
            : null;
    }

    /// <summary>The path the kubelet mounts at: repeated slashes, "." segments and a trailing slash removed.</summary>
    private static string NormalizePath(string path) =>
        "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));
}
