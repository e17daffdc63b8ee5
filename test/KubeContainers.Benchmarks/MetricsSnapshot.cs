using System.Globalization;

namespace KubeContainers.Benchmarks;

/// <summary>One scrape of the operator's /metrics (Prometheus text format): samples by name and labels.</summary>
internal sealed class MetricsSnapshot
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> samples = [];

    public static MetricsSnapshot Empty { get; } = new();

    public static MetricsSnapshot Parse(string text)
    {
        var snapshot = new MetricsSnapshot();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var valueStart = line.LastIndexOf(' ');
            var series = line[..valueStart];
            var value = double.Parse(line[(valueStart + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            var brace = series.IndexOf('{', StringComparison.Ordinal);
            var name = brace < 0 ? series : series[..brace];
            var labels = brace < 0 ? [] : ParseLabels(series[(brace + 1)..series.LastIndexOf('}')]);
            snapshot.samples.Add((name, labels, value));
        }

        return snapshot;
    }

    /// <summary>The sum of a counter or gauge over the label sets that have every given label; 0 when absent.</summary>
    public double Sum(string name, params (string Label, string Value)[] match) =>
        samples.Where(s => s.Name == name && Matches(s.Labels, match)).Sum(s => s.Value);

    /// <summary>A counter's values by one label (result, verb...), summed over the others.</summary>
    public IReadOnlyDictionary<string, double> By(string name, string label) =>
        samples.Where(s => s.Name == name && s.Labels.ContainsKey(label))
            .GroupBy(s => s.Labels[label])
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

    /// <summary>A histogram's cumulative buckets summed over the label sets that have every given label.</summary>
    public HistogramBuckets Histogram(string name, params (string Label, string Value)[] match)
    {
        var buckets = samples.Where(s => s.Name == name + "_bucket" && Matches(s.Labels, match))
            .GroupBy(s => ParseBound(s.Labels["le"]))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(s => s.Value)))
            .ToList();
        return new HistogramBuckets(buckets);
    }

    private static bool Matches(Dictionary<string, string> labels, (string Label, string Value)[] match) =>
        match.All(m => labels.TryGetValue(m.Label, out var v) && v == m.Value);

    private static double ParseBound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            var key = text[i..eq].Trim().TrimStart(',').Trim();
            var start = eq + 2;
            var value = new System.Text.StringBuilder();
            var j = start;
            for (; j < text.Length && text[j] != '"'; j++)
            {
                if (text[j] == '\\' && j + 1 < text.Length)
                {
                    j++;
                    value.Append(text[j] == 'n' ? '\n' : text[j]);
                }
                else
                {
                    value.Append(text[j]);
                }
            }

            labels[key] = value.ToString();
            i = j + 1;
            while (i < text.Length && text[i] is ',' or ' ')
            {
                i++;
            }
        }

        return labels;
    }
}
