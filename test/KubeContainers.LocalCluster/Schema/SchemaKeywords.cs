using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>Typed reads of the JSONSchemaProps keywords the validator, defaulter and pruner share.</summary>
internal static class SchemaKeywords
{
    public static JsonObject? Properties(JsonObject schema) => schema["properties"] as JsonObject;

    public static JsonObject? Property(JsonObject schema, string name) =>
        Properties(schema) is { } props && props.TryGetPropertyValue(name, out var p) ? p as JsonObject : null;

    public static bool HasProperty(JsonObject schema, string name) =>
        Properties(schema) is { } props && props.ContainsKey(name);

    /// <summary>items as a single schema (a CRD schema may not use the tuple form).</summary>
    public static JsonObject? Items(JsonObject schema) => schema["items"] as JsonObject;

    /// <summary>additionalProperties as a schema; <c>true</c> counts as an empty schema.</summary>
    public static JsonObject? AdditionalProperties(JsonObject schema) => schema["additionalProperties"] switch
    {
        JsonObject o => o,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => [],
        _ => null,
    };

    /// <summary>additionalProperties: false (not allowed in structural schemas, honoured anyway).</summary>
    public static bool ForbidsAdditionalProperties(JsonObject schema) =>
        schema["additionalProperties"] is JsonValue v && v.GetValueKind() == JsonValueKind.False;

    public static bool Flag(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static string? String(JsonObject schema, string name) =>
        schema[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long? Integer(JsonObject schema, string name) =>
        JsonNumber.From(schema[name]) is { } n ? (n.IsInteger ? n.Integer : (long)n.Float) : null;

    public static double? Number(JsonObject schema, string name) =>
        JsonNumber.From(schema[name])?.AsDouble;

    public static bool PreservesUnknownFields(JsonObject schema) => Flag(schema, "x-kubernetes-preserve-unknown-fields");

    public static bool IsEmbeddedResource(JsonObject schema) => Flag(schema, "x-kubernetes-embedded-resource");

    public static bool IsNullable(JsonObject schema) => Flag(schema, "nullable");

    public static IEnumerable<JsonObject> SchemaList(JsonObject schema, string name) =>
        schema[name] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A schema's type list: int-or-string means ["integer","string"] exactly as the apiserver converts it.</summary>
    public static IReadOnlyList<string> Types(JsonObject schema)
    {
        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            return ["integer", "string"];
        }

        return schema["type"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var t) && t.Length > 0 => [t],
            JsonArray a => a.Select(x => x?.GetValue<string>() ?? string.Empty).Where(x => x.Length > 0).ToList(),
            _ => [],
        };
    }
}
