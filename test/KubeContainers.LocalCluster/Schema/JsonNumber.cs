using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// A JSON number classified like the apiserver's JSON decoder does: integral literals that fit
/// int64 become integers, everything else (3.0, 1e3, huge values) becomes a float64. The difference
/// matters for type checks and for how bounds are printed in messages.
/// </summary>
internal readonly record struct JsonNumber(bool IsInteger, long Integer, double Float)
{
    public double AsDouble => IsInteger ? Integer : Float;

    public static JsonNumber? From(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        // Reading the literal text is the only way that works for both parsed and constructed values.
        var text = value.ToJsonString();
        if (text.AsSpan().IndexOfAny(".eE") < 0
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return new JsonNumber(true, l, l);
        }

        return new JsonNumber(false, 0, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    public string ToGoString() =>
        IsInteger ? Integer.ToString(CultureInfo.InvariantCulture) : GoText.Float(Float);
}
