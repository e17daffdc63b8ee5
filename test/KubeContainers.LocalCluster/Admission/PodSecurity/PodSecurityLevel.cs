using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Admission.PodSecurity;

/// <summary>The three Pod Security Standards, in order of strictness.</summary>
public enum PodSecurityLevel
{
    Privileged,
    Baseline,
    Restricted,
}

/// <summary>
/// A level and the version named in the namespace label ("restricted:latest", "baseline:v1.29"). Every version is
/// evaluated with the latest checks (documented simplification); the version only appears in messages.
/// </summary>
public sealed record PodSecurityLevelVersion(PodSecurityLevel Level, string Version)
{
    public static readonly PodSecurityLevelVersion PrivilegedLatest = new(PodSecurityLevel.Privileged, "latest");

    public override string ToString() => $"{Level.ToString().ToLowerInvariant()}:{Version}";
}

/// <summary>
/// The policy of one namespace, from its <c>pod-security.kubernetes.io/{enforce,audit,warn}[-version]</c> labels
/// (upstream's api.PolicyToEvaluate with the default configuration: privileged everywhere, no exemptions).
/// A malformed enforce level fails closed (restricted), a malformed audit or warn level fails open (privileged).
/// </summary>
public sealed record PodSecurityPolicy(PodSecurityLevelVersion Enforce, PodSecurityLevelVersion Audit, PodSecurityLevelVersion Warn)
{
    public const string LabelPrefix = "pod-security.kubernetes.io/";

    public static PodSecurityPolicy FromLabels(IReadOnlyDictionary<string, string> labels, List<FieldError>? errors = null)
    {
        return new PodSecurityPolicy(
            Mode(labels, "enforce", PodSecurityLevel.Restricted, errors),
            Mode(labels, "audit", PodSecurityLevel.Privileged, errors),
            Mode(labels, "warn", PodSecurityLevel.Privileged, errors));
    }

    private static PodSecurityLevelVersion Mode(IReadOnlyDictionary<string, string> labels, string mode, PodSecurityLevel onError, List<FieldError>? errors)
    {
        var level = PodSecurityLevel.Privileged;
        var levelLabel = LabelPrefix + mode;
        if (labels.TryGetValue(levelLabel, out var levelText))
        {
            if (ParseLevel(levelText) is { } parsed)
            {
                level = parsed;
            }
            else
            {
                level = onError;
                errors?.Add(Invalid(levelLabel, levelText, "must be one of privileged, baseline, restricted"));
            }
        }

        var version = "latest";
        var versionLabel = levelLabel + "-version";
        if (labels.TryGetValue(versionLabel, out var versionText))
        {
            if (IsVersion(versionText))
            {
                version = versionText;
            }
            else
            {
                errors?.Add(Invalid(versionLabel, versionText, "must be \"latest\" or \"v1.x\""));
            }
        }

        return new PodSecurityLevelVersion(level, version);
    }

    private static PodSecurityLevel? ParseLevel(string text) => text switch
    {
        "privileged" => PodSecurityLevel.Privileged,
        "baseline" => PodSecurityLevel.Baseline,
        "restricted" => PodSecurityLevel.Restricted,
        _ => null,
    };

    /// <summary>"latest" or v1.N (N without leading zeros), as upstream's ParseVersion.</summary>
    private static bool IsVersion(string text) =>
        text == "latest" || System.Text.RegularExpressions.Regex.IsMatch(text, "^v1\\.(0|[1-9][0-9]*)$");

    private static FieldError Invalid(string label, string value, string why) =>
        new($"metadata.labels[{label}]", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(value)}: {why}");
}
