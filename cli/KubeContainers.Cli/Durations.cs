using System.Globalization;
using System.Text.RegularExpressions;

namespace KubeContainers.Cli;

/// <summary>Durations as kubectl takes them (Go's time.ParseDuration): 90s, 5m, 1h30m, 1.5h.</summary>
internal static partial class Durations
{
    public const string Rule = "must be a duration such as 30s, 5m or 1h30m (units h, m, s, ms)";

    public static TimeSpan? TryParse(string text)
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }

        var parts = Part().Matches(text);
        if (parts.Count == 0 || string.Concat(parts.Select(m => m.Value)) != text)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in parts)
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        }

        return total;
    }

    /// <summary>The duration of a flag, or an error naming the flag and the rule.</summary>
    public static TimeSpan Parse(string flag, string text) =>
        TryParse(text) ?? throw new CliException($"{flag} \"{text}\": {Rule}");

    /// <summary>An age as kubectl prints it (duration.HumanDuration): 45s, 5m12s, 3h, 2d.</summary>
    public static string Human(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var seconds = (long)age.TotalSeconds;
        return seconds switch
        {
            < 120 => $"{seconds}s",
            < 600 => seconds % 60 == 0 ? $"{seconds / 60}m" : $"{seconds / 60}m{seconds % 60}s",
            < 3 * 3600 => $"{seconds / 60}m",
            < 8 * 3600 => (seconds % 3600) / 60 == 0 ? $"{seconds / 3600}h" : $"{seconds / 3600}h{(seconds % 3600) / 60}m",
            < 48 * 3600 => $"{seconds / 3600}h",
            < 8 * 86400 => (seconds % 86400) / 3600 == 0 ? $"{seconds / 86400}d" : $"{seconds / 86400}d{(seconds % 86400) / 3600}h",
            _ => $"{seconds / 86400}d",
        };
    }

    public static string Since(DateTimeOffset? time) => time is { } t ? Human(DateTimeOffset.UtcNow - t) : "<unknown>";

    public static string Since(DateTime? time) => time is { } t ? Human(DateTime.UtcNow - (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t)) : "<unknown>";

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|h|m|s)")]
    private static partial Regex Part();
}
