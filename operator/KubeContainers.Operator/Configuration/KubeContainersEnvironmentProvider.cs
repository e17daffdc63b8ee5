using Microsoft.Extensions.Configuration;

namespace KubeContainers.Operator.Configuration;

/// <summary>
/// Reads <c>KUBECONTAINERS_</c> environment variables into configuration keys. It takes .NET's spelling, the key
/// without dashes with <c>__</c> for <c>:</c> (<c>KUBECONTAINERS_BASEDOMAIN</c>,
/// <c>KUBECONTAINERS_LIMITS__MAXREPLICAS</c>), and also the spelling users type, the flag's name with <c>_</c> for
/// <c>-</c> (<c>KUBECONTAINERS_BASE_DOMAIN</c>, <c>KUBECONTAINERS_MAX_REPLICAS</c>). It does so by mapping every
/// known key segment onto its canonical name, comparing with underscores removed and case ignored, which .NET's own
/// environment provider cannot (it would store <c>BASE_DOMAIN</c> as a key of its own). When both spellings of one
/// key are set, .NET's wins. Sandbox profile names are lowercased with <c>_</c> read as <c>-</c>
/// (<c>KUBECONTAINERS_SANDBOXES__KATA_FC__HANDLER</c> is profile <c>kata-fc</c>) and overhead resource names are
/// lowercased, since environment names cannot carry dashes and are usually upper case. Node selector and DNS pod
/// label keys are taken verbatim.
/// </summary>
internal sealed class KubeContainersEnvironmentProvider(IReadOnlyDictionary<string, string?> environment) : ConfigurationProvider
{
    public const string Prefix = "KUBECONTAINERS_";

    private static readonly string[] TopLevelKeys =
    [
        .. OperatorFlags.All.Select(f => f.Key.Split(':')[0]).Distinct(StringComparer.OrdinalIgnoreCase),
        SettingKeys.Sandboxes, SettingKeys.DnsPodLabels,
    ];

    private static readonly string[] LimitKeys =
    [
        .. OperatorFlags.All.Where(f => f.Key.StartsWith(SettingKeys.Limits + ":", StringComparison.Ordinal)).Select(f => f.Key.Split(':')[1]),
    ];

    public override void Load()
    {
        var mapped = environment
            .Where(e => e.Key.Length > Prefix.Length && e.Key.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            .Select(e => (Variable: e.Key[Prefix.Length..], e.Value))
            .Select(e => (Key: KeyFor(e.Variable), e.Variable, e.Value))
            .Select(e => (e.Key, e.Value, DotNetSpelling: string.Equals(e.Variable.Replace("__", ":", StringComparison.Ordinal), e.Key, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.DotNetSpelling)
            .ThenBy(e => e.Key, StringComparer.Ordinal);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value, _) in mapped)
        {
            data[key] = value;
        }

        Data = data;
    }

    /// <summary>The configuration key for a variable name without the prefix.</summary>
    internal static string KeyFor(string variable)
    {
        var flag = OperatorFlags.All.FirstOrDefault(f => string.Equals(f.Name.Replace('-', '_'), variable, StringComparison.OrdinalIgnoreCase));
        if (flag is not null)
        {
            return flag.Key;
        }

        var segments = variable.Split("__");
        segments[0] = Canonical(segments[0], TopLevelKeys);
        if (segments.Length > 1 && segments[0] == SettingKeys.Limits)
        {
            segments[1] = Canonical(segments[1], LimitKeys);
        }

        if (segments.Length > 1 && segments[0] == SettingKeys.Sandboxes)
        {
            segments[1] = segments[1].ToLowerInvariant().Replace('_', '-');
            if (segments.Length > 2)
            {
                segments[2] = Canonical(segments[2], SettingKeys.ProfileFields);
            }

            if (segments.Length > 3 && segments[2] == SettingKeys.Overhead)
            {
                segments[3] = segments[3].ToLowerInvariant();
            }
        }

        return string.Join(':', segments);
    }

    private static string Canonical(string segment, IReadOnlyList<string> known) =>
        known.FirstOrDefault(k => string.Equals(k, segment.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)) ?? segment;
}
