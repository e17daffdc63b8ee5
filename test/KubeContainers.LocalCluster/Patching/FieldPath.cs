using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// Path elements of managed fields in the FieldsV1 encoding: <c>f:name</c> (object member),
/// <c>k:{"name":"web"}</c> (map-list element by key fields), <c>v:"value"</c> (set element).
/// </summary>
internal static class FieldPath
{
    /// <summary>Go's encoding/json leaves quotes and non-ASCII alone inside keys; match it in k:/v: elements.</summary>
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Field(string name) => $"f:{name}";

    public static string Value(JsonNode value) => $"v:{value.ToJsonString(Compact)}";

    public static string Key(JsonObject keyFields) => $"k:{keyFields.ToJsonString(Compact)}";

    /// <summary>Names of the key fields in a <c>k:</c> element, or none for any other element.</summary>
    public static IEnumerable<string> KeyFieldNames(string element) =>
        element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject keys
            ? keys.Select(member => member.Key)
            : [];

    /// <summary>
    /// The path as structured-merge-diff prints it in conflicts:
    /// <c>.spec.containers[name="web"].image</c>, <c>.metadata.finalizers[="a"]</c>.
    /// </summary>
    public static string Format(IEnumerable<string> path) => string.Concat(path.Select(element => element[..2] switch
    {
        "f:" => $".{element[2..]}",
        "k:" when JsonNode.Parse(element[2..]) is JsonObject keys =>
            $"[{string.Join(",", keys.Select(member => $"{member.Key}={member.Value?.ToJsonString(Compact) ?? "null"}"))}]",
        "v:" => $"[={element[2..]}]",
        "i:" => $"[{element[2..]}]",
        _ => element,
    }));
}
