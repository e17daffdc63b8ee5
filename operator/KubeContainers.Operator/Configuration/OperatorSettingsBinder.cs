using System.Globalization;
using KubeContainers.Api.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Operator.Configuration;

/// <summary>
/// Reads <see cref="OperatorSettings"/> and <see cref="ClusterConnection"/> from configuration and checks every value,
/// collecting one message per bad setting (<c>--flag: "value" rule</c>, or the configuration path for settings without
/// a flag) instead of stopping at the first. A setting left out keeps the default of <see cref="OperatorSettings"/>.
/// </summary>
internal sealed class OperatorSettingsBinder(IConfigurationRoot configuration)
{
    private const string PortRule = "must be a port from 1 to 65535, or 0";

    /// <summary>The levels <c>--log-level</c> takes (Critical and None are left out: they would hide errors).</summary>
    private static readonly IReadOnlyList<(string Name, LogLevel Value)> LogLevels =
    [
        ("trace", LogLevel.Trace), ("debug", LogLevel.Debug), ("information", LogLevel.Information),
        ("warning", LogLevel.Warning), ("error", LogLevel.Error),
    ];

    private static readonly IReadOnlyList<(string Name, string Value)> LogFormatNames =
        [(LogFormats.Text, LogFormats.Text), (LogFormats.Json, LogFormats.Json)];

    private readonly List<string> errors = [];
    private readonly HashSet<OperatorFlag> failed = [];

    public OperatorSettingsResult Bind()
    {
        var defaults = new OperatorSettings();
        var limits = Limits(defaults.Limits);
        var sandboxes = Sandboxes() ?? defaults.Sandboxes;
        var settings = new OperatorSettings
        {
            BaseDomain = Required(OperatorFlags.BaseDomain, defaults.BaseDomain, NameRules.IsDnsName, "must be a lowercase DNS name (e.g. apps.example.com)"),
            AllowedDomains = List(OperatorFlags.AllowedDomains, defaults.AllowedDomains,
                d => NameRules.IsDnsName(d) ? null : "is not a lowercase DNS name"),
            IngressClass = Optional(OperatorFlags.IngressClass, defaults.IngressClass, NameRules.IsDnsName, "must be an IngressClass name (a lowercase DNS name)"),
            TlsIssuer = Optional(OperatorFlags.TlsIssuer, defaults.TlsIssuer, NameRules.IsDnsName, "must be a ClusterIssuer name (a lowercase DNS name)"),
            IngressReadyWithoutAddress = Bool(OperatorFlags.IngressReadyWithoutAddress, defaults.IngressReadyWithoutAddress),
            TlsByDefault = Bool(OperatorFlags.TlsByDefault, defaults.TlsByDefault),
            AllowLoadBalancers = Bool(OperatorFlags.AllowLoadBalancers, defaults.AllowLoadBalancers),
            DefaultSandbox = DefaultSandbox(defaults.DefaultSandbox, sandboxes),
            Sandboxes = sandboxes,
            Limits = limits,
            DefaultCpu = Quantity(OperatorFlags.DefaultCpu, defaults.DefaultCpu),
            DefaultMemory = Quantity(OperatorFlags.DefaultMemory, defaults.DefaultMemory),
            DefaultPlan = Required(OperatorFlags.DefaultPlan, defaults.DefaultPlan, NameRules.IsDnsName, "must be a ContainerPlan name (a lowercase DNS name)"),
            PodSecurity = PodSecurity(defaults.PodSecurity),
            DefaultRunAsUser = Int(OperatorFlags.DefaultRunAsUser, (int)defaults.DefaultRunAsUser, min: 1, max: int.MaxValue,
                "must be a numeric user id from 1 to 2147483647 (0 is root, which runAsNonRoot refuses)"),
            IngressNamespace = Required(OperatorFlags.IngressNamespace, defaults.IngressNamespace, NameRules.IsDns1123Label, "must be a namespace name (a lowercase DNS label)"),
            DnsNamespace = Required(OperatorFlags.DnsNamespace, defaults.DnsNamespace, NameRules.IsDns1123Label, "must be a namespace name (a lowercase DNS label)"),
            DnsPodLabels = Labels(SettingKeys.DnsPodLabels, allowEmptyValues: false) ?? defaults.DnsPodLabels,
            BlockedEgressCidrs = List(OperatorFlags.BlockedEgressCidrs, defaults.BlockedEgressCidrs, SettingRules.CidrProblem),
            WatchNamespaces = List(OperatorFlags.WatchNamespaces, defaults.WatchNamespaces,
                n => NameRules.IsDns1123Label(n) ? null : "is not a namespace name (a lowercase DNS label)"),
            Workers = Int(OperatorFlags.Workers, defaults.Workers, min: 1, max: 1000),
            LeaderElection = Bool(OperatorFlags.LeaderElection, defaults.LeaderElection),
            LeaderElectionNamespace = Optional(OperatorFlags.LeaderElectionNamespace, defaults.LeaderElectionNamespace, NameRules.IsDns1123Label, "must be a namespace name (a lowercase DNS label)"),
            LeaderElectionId = Required(OperatorFlags.LeaderElectionId, defaults.LeaderElectionId, NameRules.IsDns1123Subdomain, "must be a Lease name (a lowercase DNS subdomain)"),
            MetricsPort = Int(OperatorFlags.MetricsPort, defaults.MetricsPort, min: 0, max: 65535, PortRule),
            HealthPort = Int(OperatorFlags.HealthPort, defaults.HealthPort, min: 0, max: 65535, PortRule),
            Qps = Rate(OperatorFlags.Qps, defaults.Qps),
            Burst = Int(OperatorFlags.Burst, defaults.Burst, min: 1, max: int.MaxValue),
            ResyncPeriod = TimeSpan.FromSeconds(Int(OperatorFlags.ResyncSeconds, (int)defaults.ResyncPeriod.TotalSeconds, min: 1, max: int.MaxValue)),
            ChildEventDelay = TimeSpan.FromMilliseconds(Int(OperatorFlags.ChildEventDelayMs, (int)defaults.ChildEventDelay.TotalMilliseconds, min: 0, max: 60_000)),
            ChildEventInterval = TimeSpan.FromMilliseconds(Int(OperatorFlags.ChildEventIntervalMs, (int)defaults.ChildEventInterval.TotalMilliseconds, min: 0, max: 60_000)),
            ChildEventMaxDelay = TimeSpan.FromMilliseconds(Int(OperatorFlags.ChildEventMaxDelayMs, (int)defaults.ChildEventMaxDelay.TotalMilliseconds, min: 0, max: 60_000)),
            LogLevel = Choice(OperatorFlags.LogLevel, defaults.LogLevel, LogLevels),
            LogFormat = Choice(OperatorFlags.LogFormat, defaults.LogFormat, LogFormatNames),
        };
        NotAboveLimit(OperatorFlags.DefaultCpu, settings.DefaultCpu, OperatorFlags.MaxCpu, limits.MaxCpu);
        NotAboveLimit(OperatorFlags.DefaultMemory, settings.DefaultMemory, OperatorFlags.MaxMemory, limits.MaxMemory);
        var connection = new ClusterConnection(Kubeconfig(), Optional(OperatorFlags.Context, null, _ => true, ""));
        return errors.Count == 0 ? OperatorSettingsResult.Success(settings, connection) : OperatorSettingsResult.Failure(errors);
    }

    private OperatorLimits Limits(OperatorLimits defaults)
    {
        UnknownChildren(SettingKeys.Limits, [.. OperatorFlags.All.Where(f => f.Key.StartsWith(SettingKeys.Limits + ":", StringComparison.Ordinal)).Select(f => f.Key.Split(':')[1])]);
        return new OperatorLimits
        {
            MaxReplicas = Int(OperatorFlags.MaxReplicas, defaults.MaxReplicas, min: 1, max: int.MaxValue),
            MaxCpu = Quantity(OperatorFlags.MaxCpu, defaults.MaxCpu),
            MaxMemory = Quantity(OperatorFlags.MaxMemory, defaults.MaxMemory),
            MaxEphemeralStorage = Quantity(OperatorFlags.MaxEphemeralStorage, defaults.MaxEphemeralStorage),
            MaxGpu = Int(OperatorFlags.MaxGpu, defaults.MaxGpu, min: 0, max: int.MaxValue),
            MaxLifetimeSeconds = Long(OperatorFlags.MaxLifetimeSeconds, defaults.MaxLifetimeSeconds, "must be a whole number of seconds, 0 for no limit"),
            MaxVolumes = Int(OperatorFlags.MaxVolumes, defaults.MaxVolumes, min: 0, max: int.MaxValue),
            MaxVolumeSize = Quantity(OperatorFlags.MaxVolumeSize, defaults.MaxVolumeSize),
            MaxEnvVars = Int(OperatorFlags.MaxEnvVars, defaults.MaxEnvVars, min: 0, max: int.MaxValue),
        };
    }

    /// <summary>The configured profiles, or null when none is configured (then the defaults apply, all of them:
    /// configuring any profile replaces the whole set).</summary>
    private Dictionary<string, SandboxProfile>? Sandboxes()
    {
        var sections = configuration.GetSection(SettingKeys.Sandboxes).GetChildren().ToList();
        if (sections.Count == 0)
        {
            return null;
        }

        var profiles = new Dictionary<string, SandboxProfile>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            var path = section.Path;
            var name = section.Key.ToLowerInvariant();
            if (!NameRules.IsDns1123Label(name))
            {
                Fail(path, $"\"{section.Key}\" is not a sandbox profile name (a lowercase DNS label, e.g. kata-fc)");
            }

            var fields = section.GetChildren().ToList();
            if (fields.Count == 0 && !string.IsNullOrWhiteSpace(section.Value))
            {
                Fail(path, $"must be a section ({string.Join(", ", SettingKeys.ProfileFields)}), not a value");
            }

            UnknownChildren(path, SettingKeys.ProfileFields);
            var handler = section[SettingKeys.Handler]?.Trim();
            if (!string.IsNullOrEmpty(handler) && !NameRules.IsDns1123Label(handler))
            {
                Fail($"{path}:{SettingKeys.Handler}", $"\"{handler}\" is not a CRI handler name (a lowercase DNS label, e.g. runsc)");
            }

            var allowImageUser = ProfileBool($"{path}:{SettingKeys.AllowImageUser}", BuiltInAllowsImageUser(name));
            var podSecurity = ProfilePodSecurity($"{path}:{SettingKeys.PodSecurity}", allowImageUser);
            profiles[name] = new SandboxProfile
            {
                Name = name,
                AllowImageUser = allowImageUser,
                PodSecurity = podSecurity,
                Handler = string.IsNullOrEmpty(handler) ? null : handler,
                Overhead = Overhead($"{path}:{SettingKeys.Overhead}"),
                NodeSelector = Labels($"{path}:{SettingKeys.NodeSelector}", allowEmptyValues: true) ?? new Dictionary<string, string>(),
                Tolerations = List($"{path}:{SettingKeys.Tolerations}", $"{path}:{SettingKeys.Tolerations}", [], SettingRules.TolerationProblem),
            };
        }

        return profiles;
    }

    /// <summary>A configured profile named like a built-in one inherits its AllowImageUser (gvisor, kata, kata-fc:
    /// true); any other name defaults to false, so a new profile never lets root run unless it says so.</summary>
    private static bool BuiltInAllowsImageUser(string name) =>
        OperatorSettings.DefaultProfiles().TryGetValue(name, out var builtIn) && builtIn.AllowImageUser;

    private bool ProfileBool(string path, bool fallback)
    {
        var value = configuration[path]?.Trim();
        if (value is null)
        {
            return fallback;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        Fail(path, $"\"{value}\" must be true or false");
        return fallback;
    }

    /// <summary>restricted, baseline or unset (derived); restricted cannot hold with AllowImageUser, whose pods may
    /// run as root, which restricted forbids (runAsNonRoot).</summary>
    private string? ProfilePodSecurity(string path, bool allowImageUser)
    {
        var value = configuration[path]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (string.Equals(value, PodSecurityLevels.Baseline, StringComparison.OrdinalIgnoreCase))
        {
            return PodSecurityLevels.Baseline;
        }

        if (!string.Equals(value, PodSecurityLevels.Restricted, StringComparison.OrdinalIgnoreCase))
        {
            Fail(path, $"\"{value}\" must be {PodSecurityLevels.Restricted} or {PodSecurityLevels.Baseline}");
            return null;
        }

        if (allowImageUser)
        {
            Fail(path, $"\"{value}\" cannot hold with AllowImageUser true: restricted requires runAsNonRoot, and the image's user may be root (use baseline, or set AllowImageUser false)");
            return null;
        }

        return PodSecurityLevels.Restricted;
    }

    private Dictionary<string, string> Overhead(string path)
    {
        var overhead = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection(path).GetChildren())
        {
            var value = entry.Value?.Trim() ?? "";
            if (!LabelRules.IsKey(entry.Key))
            {
                Fail(entry.Path, $"\"{entry.Key}\" is not a resource name (e.g. cpu, memory)");
            }
            else if (QuantityRules.Parse(value) is not >= 0)
            {
                Fail(entry.Path, $"\"{value}\" is not a Kubernetes quantity of zero or more (e.g. 250m, 160Mi)");
            }
            else
            {
                overhead[entry.Key] = value;
            }
        }

        return overhead;
    }

    /// <summary>A map of label keys to values; null when the section is absent.</summary>
    private Dictionary<string, string>? Labels(string path, bool allowEmptyValues)
    {
        var entries = configuration.GetSection(path).GetChildren().ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var value = entry.Value?.Trim() ?? "";
            if (!LabelRules.IsKey(entry.Key))
            {
                Fail(entry.Path, $"\"{entry.Key}\" is not a label key (e.g. example.com/role)");
            }
            else if (!LabelRules.IsValue(value) || (!allowEmptyValues && value.Length == 0))
            {
                Fail(entry.Path, $"\"{value}\" is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
            }
            else
            {
                labels[entry.Key] = value;
            }
        }

        return labels;
    }

    private string DefaultSandbox(string fallback, IReadOnlyDictionary<string, SandboxProfile> sandboxes)
    {
        var value = Raw(OperatorFlags.DefaultSandbox) ?? fallback;
        if (!sandboxes.ContainsKey(value))
        {
            Fail(OperatorFlags.DefaultSandbox, $"\"{value}\" is not a configured sandbox profile (known: {string.Join(", ", sandboxes.Keys.Order(StringComparer.Ordinal))})");
        }

        return value;
    }

    private string PodSecurity(string fallback)
    {
        var value = Raw(OperatorFlags.PodSecurity);
        if (value is null)
        {
            return fallback;
        }

        if (string.Equals(value, PodSecurityLevels.Restricted, StringComparison.OrdinalIgnoreCase))
        {
            return PodSecurityLevels.Restricted;
        }

        if (string.Equals(value, PodSecurityLevels.Baseline, StringComparison.OrdinalIgnoreCase))
        {
            return PodSecurityLevels.Baseline;
        }

        Fail(OperatorFlags.PodSecurity, $"\"{value}\" must be {PodSecurityLevels.Restricted} or {PodSecurityLevels.Baseline}");
        return fallback;
    }

    /// <summary>One of a few names, in any case; anything else fails naming them all.</summary>
    private T Choice<T>(OperatorFlag flag, T fallback, IReadOnlyList<(string Name, T Value)> choices)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        foreach (var (name, choice) in choices)
        {
            if (string.Equals(value, name, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Fail(flag, $"\"{value}\" must be one of {string.Join(", ", choices.Select(c => c.Name))}");
        return fallback;
    }

    private string? Kubeconfig()
    {
        var path = Optional(OperatorFlags.Kubeconfig, null, _ => true, "");
        if (path is not null && !File.Exists(path))
        {
            Fail(OperatorFlags.Kubeconfig, $"\"{path}\" does not exist");
        }

        return path;
    }

    private void NotAboveLimit(OperatorFlag flag, string value, OperatorFlag limitFlag, string limit)
    {
        if (!failed.Contains(flag) && !failed.Contains(limitFlag) && QuantityRules.Parse(value) > QuantityRules.Parse(limit))
        {
            Fail(flag, $"\"{value}\" is more than {limitFlag} \"{limit}\"");
        }
    }

    private string Required(OperatorFlag flag, string fallback, Func<string, bool> valid, string rule)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        if (value.Length == 0)
        {
            Fail(flag, "must not be empty");
        }
        else if (!valid(value))
        {
            Fail(flag, $"\"{value}\" {rule}");
        }

        return value;
    }

    /// <summary>An optional name: unset keeps the default, an empty value clears it.</summary>
    private string? Optional(OperatorFlag flag, string? fallback, Func<string, bool> valid, string rule)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        if (value.Length == 0)
        {
            return null;
        }

        if (!valid(value))
        {
            Fail(flag, $"\"{value}\" {rule}");
        }

        return value;
    }

    private bool Bool(OperatorFlag flag, bool fallback)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        Fail(flag, $"\"{value}\" must be true or false");
        return fallback;
    }

    private int Int(OperatorFlag flag, int fallback, int min, int max, string? rule = null)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }

        Fail(flag, $"\"{value}\" {rule ?? (max == int.MaxValue ? $"must be a whole number of at least {min}" : $"must be a whole number from {min} to {max}")}");
        return fallback;
    }

    private long Long(OperatorFlag flag, long fallback, string rule)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0)
        {
            return parsed;
        }

        Fail(flag, $"\"{value}\" {rule}");
        return fallback;
    }

    private double Rate(OperatorFlag flag, double fallback)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) && parsed > 0)
        {
            return parsed;
        }

        Fail(flag, $"\"{value}\" must be a number greater than 0 (requests per second, e.g. 50 or 7.5)");
        return fallback;
    }

    private string Quantity(OperatorFlag flag, string fallback)
    {
        var value = Raw(flag);
        if (value is null)
        {
            return fallback;
        }

        switch (QuantityRules.Parse(value))
        {
            case null:
                Fail(flag, $"\"{value}\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)");
                return fallback;
            case <= 0:
                Fail(flag, $"\"{value}\" must be more than zero");
                return fallback;
            default:
                return value;
        }
    }

    private IReadOnlyList<string> List(OperatorFlag flag, IReadOnlyList<string> fallback, Func<string, string?> problem) =>
        List(flag.ToString(), flag.Key, fallback, problem, flag);

    /// <summary>A list, as a comma-separated value or as indexed children (a JSON array, <c>__0</c> variables). The
    /// source that sets it last wins as a whole: a flag's list replaces an appsettings array, it does not merge into it.
    /// An empty value sets an empty list.</summary>
    private List<string> List(string setting, string key, IReadOnlyList<string> fallback, Func<string, string?> problem, OperatorFlag? flag = null)
    {
        var items = ReadList(key);
        if (items is null)
        {
            return [.. fallback];
        }

        var problems = items.Select(i => (Item: i, Problem: problem(i))).Where(p => p.Problem is not null).ToList();
        if (problems.Count > 0)
        {
            Fail(setting, string.Join("; ", problems.Select(p => $"\"{p.Item}\" {p.Problem}")));
            if (flag is not null)
            {
                failed.Add(flag);
            }
        }

        return items;
    }

    private List<string>? ReadList(string key)
    {
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider.TryGet(key, out var scalar) && scalar is not null)
            {
                return Split(scalar);
            }

            var indexes = provider.GetChildKeys([], key).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (indexes.Count > 0)
            {
                return
                [
                    .. indexes
                        .OrderBy(i => int.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue)
                        .ThenBy(i => i, StringComparer.Ordinal)
                        .SelectMany(i => provider.TryGet($"{key}:{i}", out var item) && item is not null ? Split(item) : []),
                ];
            }
        }

        return null;
    }

    private static List<string> Split(string value) =>
        [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private void UnknownChildren(string path, IReadOnlyList<string> known)
    {
        foreach (var child in configuration.GetSection(path).GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Fail(child.Path, $"unknown setting (known: {string.Join(", ", known)})");
            }
        }
    }

    private string? Raw(OperatorFlag flag) => configuration[flag.Key]?.Trim();

    private void Fail(OperatorFlag flag, string message)
    {
        failed.Add(flag);
        Fail(flag.ToString(), message);
    }

    private void Fail(string setting, string message) => errors.Add($"{setting}: {message}");
}
