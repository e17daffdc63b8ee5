using System.Text;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>Keeps what the cluster says to one short line: whitespace collapsed, long kubelet messages cut.</summary>
internal static class StatusText
{
    public const int MaxDetail = 400;

    public static string OneLine(string? text, int max = MaxDetail)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var line = new StringBuilder(Math.Min(text.Length, max + 3));
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
            if (line.Length >= max)
            {
                return line.Append("...").ToString();
            }
        }

        return line.ToString();
    }

    /// <summary>"1 time", "4 times".</summary>
    public static string Times(int count) => count == 1 ? "1 time" : $"{count} times";

    /// <summary>"45s", "3m20s", "2h5m": how long something has lasted.</summary>
    public static string Duration(TimeSpan span)
    {
        var seconds = (long)Math.Max(0, span.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 3600 => seconds % 60 == 0 ? $"{seconds / 60}m" : $"{seconds / 60}m{seconds % 60}s",
            _ => (seconds % 3600) / 60 == 0 ? $"{seconds / 3600}h" : $"{seconds / 3600}h{(seconds % 3600) / 60}m",
        };
    }
}
