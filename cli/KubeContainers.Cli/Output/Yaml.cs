using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeContainers.Cli;

/// <summary>
/// JSON trees printed as YAML in kubectl's layout (block style, keys in the object's order). A string that YAML would
/// read as something else (a number, a bool, null, a time) is quoted, so the YAML means what the JSON meant.
/// </summary>
internal static class Yaml
{
    public static string Write(JsonNode? node)
    {
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlStream closes each document with "...": kubectl prints none.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlNode ToYaml(JsonNode? node) => node switch
    {
        JsonObject obj => new YamlMappingNode(obj.Select(p => new KeyValuePair<YamlNode, YamlNode>(Scalar(p.Key), ToYaml(p.Value)))),
        JsonArray array => new YamlSequenceNode(array.Select(ToYaml)),
        JsonValue value => Value(value),
        _ => new YamlScalarNode("null") { Style = ScalarStyle.Plain },
    };

    private static YamlScalarNode Value(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValueKind.True => new YamlScalarNode("true") { Style = ScalarStyle.Plain },
        JsonValueKind.False => new YamlScalarNode("false") { Style = ScalarStyle.Plain },
        _ => new YamlScalarNode(value.ToJsonString()) { Style = ScalarStyle.Plain },
    };

    private static YamlScalarNode Scalar(string text) =>
        new(text) { Style = NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any };

    /// <summary>Plain scalars YAML 1.1 or 1.2 would resolve to a non-string.</summary>
    private static bool NeedsQuotes(string text) =>
        text.Length == 0
        || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        || text.ToLowerInvariant() is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~"
        || (text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
}
