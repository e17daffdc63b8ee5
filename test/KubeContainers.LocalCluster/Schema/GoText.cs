using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// Renders values the way Go's fmt/strconv do, because the apiserver builds its messages with
/// <c>%q</c>, <c>%v</c> and <c>%#v</c> and clients (and our tests) compare those strings verbatim.
/// </summary>
internal static class GoText
{
    /// <summary>strconv.Quote: double quotes, Go escapes, printable Unicode kept as is.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\a': sb.Append("\\a"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\v': sb.Append("\\v"); break;
                default:
                    if (IsPrint(rune))
                    {
                        sb.Append(rune.ToString());
                    }
                    else if (rune.Value < 0x80)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else if (rune.Value < 0x10000)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
                    }
                    else
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
                    }

                    break;
            }
        }

        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }

    /// <summary>fmt's %v for a float64 (strconv 'g' with shortest precision: exponent form from 1e+06 up).</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "R" yields the shortest round-trip digits, which is what Go's shortest formatting uses too.
        var (digits, pointPosition) = Digits(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture));
        var sign = value < 0 ? "-" : string.Empty;
        var exponent = pointPosition - 1;
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var expSign = exponent < 0 ? "-" : "+";
            var expDigits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + expSign + expDigits;
        }

        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }

        if (pointPosition >= digits.Length)
        {
            return sign + digits + new string('0', pointPosition - digits.Length);
        }

        return sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>Splits a round-trip number text into significant digits and the decimal point position.</summary>
    private static (string Digits, int PointPosition) Digits(string text)
    {
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? text[..dot] : text;
        var fracPart = dot >= 0 ? text[(dot + 1)..] : string.Empty;
        var all = intPart + fracPart;
        var point = intPart.Length + exponent;
        var leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0')
        {
            leading++;
        }

        all = all[leading..];
        point -= leading;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, point);
    }

    /// <summary>
    /// The bad value part of a field error as field.Error.ErrorBody prints it: numbers and booleans plain,
    /// strings quoted, null as "null", objects and arrays in Go's %#v syntax for map[string]interface{}.
    /// </summary>
    public static string BadValue(JsonNode? value) => value switch
    {
        null => Quote("null"),
        JsonObject or JsonArray => GoSyntax(value),
        _ => Scalar(value),
    };

    /// <summary>%#v of a decoded JSON value (the shape Go uses for unstructured content).</summary>
    public static string GoSyntax(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "interface {}(nil)";
            case JsonObject obj:
                var entries = obj.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => Quote(p.Key) + ":" + GoSyntax(p.Value));
                return "map[string]interface {}{" + string.Join(", ", entries) + "}";
            case JsonArray array:
                return "[]interface {}{" + string.Join(", ", array.Select(GoSyntax)) + "}";
            default:
                return Scalar(value);
        }
    }

    /// <summary>A scalar as field errors print it: %v for numbers and booleans, %q for strings.</summary>
    private static string Scalar(JsonNode value)
    {
        var number = JsonNumber.From(value);
        if (number is { } n)
        {
            return n.ToGoString();
        }

        if (value is JsonValue v && v.TryGetValue<bool>(out var b))
        {
            return b ? "true" : "false";
        }

        if (value is JsonValue s && s.TryGetValue<string>(out var str))
        {
            return Quote(str);
        }

        return value.ToJsonString();
    }
}
