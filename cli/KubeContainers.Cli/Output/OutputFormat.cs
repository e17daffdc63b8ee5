using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.Cli;

/// <summary><c>-o json|yaml</c>: the objects themselves instead of the human view.</summary>
internal static class OutputFormat
{
    public const string Json = "json";
    public const string Yaml = "yaml";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Option<string?> Option()
    {
        var option = new Option<string?>("--output", "-o") { Description = "Print the objects as json or yaml instead of a view" };
        option.AcceptOnlyFromAmong(Json, Yaml);
        return option;
    }

    /// <summary>One object as it is; several as a kubectl-style List.</summary>
    public static string Render(string format, JsonNode node) => format switch
    {
        Json => node.ToJsonString(Indented) + "\n",
        _ => Cli.Yaml.Write(node),
    };

    public static JsonObject List(IEnumerable<JsonNode> items) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = new JsonArray([.. items]),
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
    };
}
