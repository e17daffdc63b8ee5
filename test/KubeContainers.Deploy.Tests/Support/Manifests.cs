using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>
/// Multi-document YAML (helm template, kubectl kustomize, files) as JSON objects. Plain scalars are typed the way
/// Kubernetes reads YAML (null, booleans, integers, floats); quoted ones stay strings.
/// </summary>
internal static partial class Manifests
{
    public static IReadOnlyList<JsonObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>()];
    }

    public static IReadOnlyList<JsonObject> ParseFile(string relativePath) => Parse(File.ReadAllText(RepoPaths.File(relativePath)));

    public static JsonObject OneOf(this IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => Kind(o) == kind).ShouldHaveSingleItem($"exactly one {kind}");

    public static JsonObject OneOf(this IEnumerable<JsonObject> objects, string kind, string name) =>
        objects.Where(o => Kind(o) == kind && o["metadata"]?["name"]?.GetValue<string>() == name).ShouldHaveSingleItem($"exactly one {kind} {name}");

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) => objects.Where(o => Kind(o) == kind);

    public static string? Kind(JsonObject o) => o["kind"]?.GetValue<string>();

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new InvalidOperationException($"unsupported YAML node {node.NodeType}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any) || (!scalar.Tag.IsEmpty && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (IntegerRegex().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            // Parsed rather than created, so GetValue<int>, <long> and <double> all read it.
            return JsonNode.Parse(integer.ToString(CultureInfo.InvariantCulture));
        }

        if (FloatRegex().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonNode.Parse(real.ToString("R", CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerRegex();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatRegex();
}
