using System.Globalization;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>Kubernetes resource quantities ("500m", "2", "1Gi", "129e6") as decimals, for scheduling and QoS.</summary>
internal static class Quantity
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
        ("Pi", 1024m * 1024 * 1024 * 1024 * 1024), ("Ei", 1024m * 1024 * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000_000m), ("G", 1000_000_000m),
        ("T", 1000_000_000_000m), ("P", 1000_000_000_000_000m), ("E", 1000_000_000_000_000_000m),
    ];

    /// <summary>The value, or null for text that is not a quantity.</summary>
    public static decimal? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        foreach (var (suffix, factor) in Suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal) &&
                decimal.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var scaled))
            {
                return scaled * factor;
            }
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) && plain < 7.9e27
            ? (decimal)plain
            : null;
    }

    /// <summary>A quantity field that may be a JSON string or number.</summary>
    public static decimal? Of(System.Text.Json.Nodes.JsonNode? node) =>
        node?.GetValueKind() == System.Text.Json.JsonValueKind.Number ? JsonFields.AsLong(node) : Parse(node?.ToString());
}
