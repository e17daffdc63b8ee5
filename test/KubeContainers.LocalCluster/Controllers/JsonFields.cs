using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// Tolerant readers for JSON objects: a field of the wrong type reads as missing, so one malformed object
/// never throws out of a controller or admission plugin.
/// </summary>
internal static class JsonFields
{
    /// <summary>The child object, created (and attached) when missing or not an object.</summary>
    public static JsonObject Child(this JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = new JsonObject();
        parent[name] = child;
        return child;
    }

    public static JsonObject? ObjectAt(this JsonNode? node, string name) => node is JsonObject o ? o[name] as JsonObject : null;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonArray a ? a.OfType<JsonObject>() : [];

    public static long? Long(this JsonNode? node, string name) => node is JsonObject o ? AsLong(o[name]) : null;

    public static int Int(this JsonNode? node, string name, int fallback) =>
        node.Long(name) is { } v and >= int.MinValue and <= int.MaxValue ? (int)v : fallback;

    public static bool? Bool(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValueKind() == JsonValueKind.True
            : null;

    public static long? AsLong(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        return v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < long.MaxValue ? (long)d : null;
    }

    /// <summary>String map fields (labels, nodeSelector, matchLabels); non-string values are skipped.</summary>
    public static Dictionary<string, string> StringMap(this JsonNode? node, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o && o[name] is JsonObject m)
        {
            foreach (var (key, value) in m)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    map[key] = s;
                }
            }
        }

        return map;
    }

    public static JsonObject ToJson(this IReadOnlyDictionary<string, string> map) =>
        new(map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));

    public static JsonArray ToJsonArray(this IEnumerable<JsonNode?> items) => new(items.ToArray());

    /// <summary>Compact JSON with object keys sorted at every level: equal content gives equal text whatever the key order.</summary>
    public static string Canonical(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Equal content whatever the key order (numbers by value), compared in place: no text is built.</summary>
    public static bool SameContent(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
