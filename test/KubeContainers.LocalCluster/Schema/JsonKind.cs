using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>The Go type a decoded JSON value has in the apiserver (nil, bool, int64, float64, string, slice, map).</summary>
internal enum JsonKind
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
    Array,
    Object,
}

/// <summary>Classification and structural equality for JSON nodes.</summary>
internal static class JsonKinds
{
    public static JsonKind Of(JsonNode? node) => node switch
    {
        null => JsonKind.Null,
        JsonObject => JsonKind.Object,
        JsonArray => JsonKind.Array,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => JsonKind.String,
            JsonValueKind.True or JsonValueKind.False => JsonKind.Boolean,
            JsonValueKind.Number => JsonNumber.From(v)!.Value.IsInteger ? JsonKind.Integer : JsonKind.Float,
            JsonValueKind.Null => JsonKind.Null,
            _ => JsonKind.Null,
        },
        _ => JsonKind.Null,
    };

    /// <summary>Value equality: numbers by value, objects regardless of key order.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var ka = Of(a);
        var kb = Of(b);
        if (ka is JsonKind.Integer or JsonKind.Float && kb is JsonKind.Integer or JsonKind.Float)
        {
            var na = JsonNumber.From(a)!.Value;
            var nb = JsonNumber.From(b)!.Value;
            return na.IsInteger && nb.IsInteger ? na.Integer == nb.Integer : na.AsDouble.Equals(nb.AsDouble);
        }

        if (ka != kb)
        {
            return false;
        }

        switch (ka)
        {
            case JsonKind.Null:
                return true;
            case JsonKind.Boolean:
                return a!.GetValue<bool>() == b!.GetValue<bool>();
            case JsonKind.String:
                return string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonKind.Array:
                var xa = (JsonArray)a!;
                var xb = (JsonArray)b!;
                return xa.Count == xb.Count && xa.Zip(xb).All(p => DeepEquals(p.First, p.Second));
            default:
                var oa = (JsonObject)a!;
                var ob = (JsonObject)b!;
                return oa.Count == ob.Count
                    && oa.All(p => ob.TryGetPropertyValue(p.Key, out var other) && DeepEquals(p.Value, other));
        }
    }

    /// <summary>A canonical text for set membership (object keys sorted like Go's json.Marshal).</summary>
    public static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        _ => Of(node) + ":" + node.ToJsonString(),
    };
}
