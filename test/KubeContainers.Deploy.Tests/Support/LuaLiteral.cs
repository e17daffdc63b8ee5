using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>A JSON value as Lua source (a table constructor), the way Argo CD hands an object to a health check:
/// objects become tables keyed by string, arrays become sequences, null becomes nil.</summary>
internal static class LuaLiteral
{
    public static string Of(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in Encoding.UTF8.GetBytes(value))
        {
            // Bytes, so any UTF-8 text round-trips: Lua 5.1 strings are byte strings with \ddd decimal escapes.
            text.Append(c switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                _ when c is < 0x20 or >= 0x7f => $"\\{c:D3}",
                _ => ((char)c).ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("nil");
                break;
            case JsonObject map:
                text.Append('{');
                foreach (var (key, value) in map.Where(e => e.Value is not null))
                {
                    text.Append('[').Append(String(key)).Append("] = ");
                    Write(text, value);
                    text.Append(", ");
                }

                text.Append('}');
                break;
            case JsonArray list:
                text.Append('{');
                foreach (var item in list)
                {
                    Write(text, item);
                    text.Append(", ");
                }

                text.Append('}');
                break;
            case JsonValue value:
                text.Append(value.GetValueKind() switch
                {
                    JsonValueKind.String => String(value.GetValue<string>()),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Number => value.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
                    _ => throw new InvalidOperationException($"unexpected JSON value {value.ToJsonString()}"),
                });
                break;
        }
    }
}
