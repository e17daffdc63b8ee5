using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>Values as the apiserver prints them in field errors (Go's %#v), so 422 messages read like the real ones.</summary>
internal static class GoFormat
{
    public static string StringMap(IReadOnlyDictionary<string, string> map) =>
        "map[string]string{" + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Quote(kv.Key)}:{Quote(kv.Value)}")) + "}";

    public static string StringSlice(IEnumerable<string> values) =>
        "[]string{" + string.Join(", ", values.Select(Quote)) + "}";

    public static string LabelSelector(JsonObject? selector)
    {
        if (selector is null)
        {
            return "null";
        }

        var labels = selector["matchLabels"] is JsonObject ? StringMap(selector.StringMap("matchLabels")) : "map[string]string(nil)";
        var expressions = selector["matchExpressions"] is JsonArray
            ? "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.Objects("matchExpressions").Select(e =>
                $"v1.LabelSelectorRequirement{{Key:{Quote(e.Str("key") ?? "")}, Operator:{Quote(e.Str("operator") ?? "")}, Values:{(e["values"] is JsonArray values ? StringSlice(values.Select(v => v?.ToString() ?? "")) : "[]string(nil)")}}}")) + "}"
            : "[]v1.LabelSelectorRequirement(nil)";
        return $"v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{expressions}}}";
    }

    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
