using System.Globalization;

namespace KubeContainers.LocalCluster.Tables;

/// <summary>apimachinery's duration.HumanDuration, which the apiserver uses for every AGE-like cell.</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return S($"{seconds}s");
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? S($"{minutes}m") : S($"{minutes}m{s}s");
        }

        if (minutes < 60 * 3)
        {
            return S($"{minutes}m");
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? S($"{hours}h") : S($"{hours}h{m}m");
        }

        if (hours < 48)
        {
            return S($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? S($"{hours / 24}d") : S($"{hours / 24}d{h}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return S($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? S($"{hours / 24 / 365}y") : S($"{hours / 24 / 365}y{dy}d");
        }

        return S($"{hours / 24 / 365}y");
    }

    /// <summary>The age of a timestamp string as the printers show it: "&lt;unknown&gt;" when absent or unparsable.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        TryParseTime(timestamp) is { } t ? Format(now - t) : "<unknown>";

    internal static DateTimeOffset? TryParseTime(string? timestamp) =>
        !string.IsNullOrEmpty(timestamp)
        && DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : null;

    private static string S(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
