using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary>The chart README's values table against values.yaml: every value documented with its default, no row
/// for a value that is gone. A value that values.schema.json types as a whole (a Kubernetes object passed through,
/// such as <c>resources</c>) is one row; every other value is one row per leaf.</summary>
public sealed partial class ChartReadmeTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(RepoPaths.File("charts/kubecontainers/values.schema.json")))!;

    [Fact]
    public void Every_value_has_a_row_and_every_row_a_value()
    {
        var documented = Rows().Select(r => r.Key).ToList();
        var values = Values().Select(v => v.Key).ToList();

        documented.ShouldBeUnique("a value documented twice");
        values.Except(documented).ShouldBeEmpty("values.yaml has values the README's table does not document");
        documented.Except(values).ShouldBeEmpty("the README's table documents values that values.yaml no longer has");
    }

    [Fact]
    public void Every_row_shows_the_default_of_values_yaml()
    {
        var defaults = Values().ToDictionary(v => v.Key, v => v.Default);

        foreach (var (key, shown) in Rows().Where(r => defaults.ContainsKey(r.Key)))
        {
            shown.ShouldBe($"`{defaults[key]}`", $"the README's default of {key}");
        }
    }

    /// <summary>The table's rows: the value in backticks in the first cell, the second cell as written.</summary>
    private static IEnumerable<(string Key, string Default)> Rows()
    {
        var readme = File.ReadAllText(RepoPaths.File("charts/kubecontainers/README.md"));
        var section = readme[readme.IndexOf("\n## Values", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 2, StringComparison.Ordinal)];
        var rows = RowRegex().Matches(section).Select(m => (m.Groups["key"].Value, m.Groups["default"].Value.Trim())).ToList();
        rows.ShouldNotBeEmpty("no values table under ## Values");
        return rows;
    }

    private static IEnumerable<(string Key, string Default)> Values() =>
        Leaves(Manifests.ParseFile("charts/kubecontainers/values.yaml").ShouldHaveSingleItem(), [], Schema)
            .Select(l => (string.Join('.', l.Path), Format(l.Value)));

    private static IEnumerable<(List<string> Path, JsonNode? Value)> Leaves(JsonNode? node, List<string> path, JsonNode? schema)
    {
        var typedAsAWhole = path.Count > 0 && schema?["properties"] is null;
        if (node is JsonObject map && map.Count > 0 && !typedAsAWhole)
        {
            return map.SelectMany(e => Leaves(e.Value, [.. path, e.Key], schema?["properties"]?[e.Key] ?? schema?["additionalProperties"]));
        }

        return [(path, node)];
    }

    /// <summary>A default as the table writes it: scalars bare (an empty string as ""), lists in brackets, maps as
    /// JSON with a space after each separator.</summary>
    private static string Format(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray list => "[" + string.Join(", ", list.Select(Format)) + "]",
        JsonObject map when map.Count == 0 => "{}",
        JsonObject map => "{" + string.Join(", ", map.Select(e => $"\"{e.Key}\": {Json(e.Value)}")) + "}",
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length == 0 ? "\"\"" : text,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => Convert.ToString(node.ToJsonString(), CultureInfo.InvariantCulture),
    };

    private static string Json(JsonNode? node) => node switch
    {
        JsonArray list => "[" + string.Join(", ", list.Select(Json)) + "]",
        JsonObject map => Format(map),
        JsonValue value when value.TryGetValue<string>(out var text) => $"\"{text}\"",
        _ => Format(node),
    };

    [GeneratedRegex(@"^\| `(?<key>[^`]+)` \| (?<default>.*?) \| .*\|$", RegexOptions.Multiline)]
    private static partial Regex RowRegex();
}
