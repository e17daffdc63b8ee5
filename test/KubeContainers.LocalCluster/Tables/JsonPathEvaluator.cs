using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tables;

/// <summary>
/// The JSONPath subset printer columns and simple <c>-o jsonpath</c> expressions use, with client-go's
/// "allow missing keys" behaviour (a missing key yields no result instead of an error):
/// <c>.status.phase</c>, <c>.metadata.labels.app</c>, <c>.spec.containers[0].image</c>, <c>[-1]</c>, <c>[1:3]</c>,
/// <c>.spec.containers[*].name</c>, <c>.metadata.annotations['a.b/c']</c>, <c>..name</c> and filters such as
/// <c>.status.conditions[?(@.type=="Ready")].status</c>. Optional <c>{...}</c> and <c>$</c> are accepted.
/// </summary>
public static class JsonPathEvaluator
{
    /// <summary>All values the path selects, in document order. Throws <see cref="FormatException"/> on bad syntax.</summary>
    public static IReadOnlyList<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        IReadOnlyList<JsonNode?> current = [root];
        var pos = 0;
        while (pos < text.Length)
        {
            current = Step(current, text, ref pos);
        }

        return current;
    }

    /// <summary>The first value, or null when nothing matched.</summary>
    public static JsonNode? First(JsonNode? root, string path) => Evaluate(root, path) is [var first, ..] ? first : null;

    /// <summary>Prints results like kubectl's jsonpath printer: strings raw, other values as JSON, space separated.</summary>
    public static string Format(IEnumerable<JsonNode?> results) => string.Join(" ", results.Select(FormatValue));

    /// <summary>One value as the jsonpath printer shows it.</summary>
    public static string FormatValue(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when JsonNumber.From(v) is { } n => n.ToGoString(),
        _ => value.ToJsonString(),
    };

    private static IReadOnlyList<JsonNode?> Step(IReadOnlyList<JsonNode?> current, string text, ref int pos)
    {
        if (text.AsSpan(pos).StartsWith(".."))
        {
            pos += 2;
            var name = ReadName(text, ref pos);
            var found = new List<JsonNode?>();
            foreach (var node in current)
            {
                Descend(node, name, found);
            }

            return found;
        }

        if (text[pos] == '.')
        {
            pos++;
            if (pos < text.Length && text[pos] == '*')
            {
                pos++;
                return current.SelectMany(Children).ToList();
            }

            var name = ReadName(text, ref pos);
            return name.Length == 0 ? current : Field(current, name);
        }

        if (text[pos] == '[')
        {
            var close = FindClose(text, pos);
            var inner = text[(pos + 1)..close].Trim();
            pos = close + 1;
            return Bracket(current, inner);
        }

        // A path may start without a dot ("metadata.name").
        return Field(current, ReadName(text, ref pos));
    }

    private static string ReadName(string text, ref int pos)
    {
        var start = pos;
        while (pos < text.Length && text[pos] is not ('.' or '['))
        {
            pos++;
        }

        return text[start..pos];
    }

    private static int FindClose(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"unclosed bracket in JSONPath {text}");
    }

    private static List<JsonNode?> Field(IEnumerable<JsonNode?> current, string name) =>
        current.OfType<JsonObject>().Where(o => o.ContainsKey(name)).Select(o => o[name]).ToList();

    private static IEnumerable<JsonNode?> Children(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value),
        JsonArray a => a,
        _ => [],
    };

    private static void Descend(JsonNode? node, string name, List<JsonNode?> found)
    {
        if (node is JsonObject o && o.TryGetPropertyValue(name, out var value))
        {
            found.Add(value);
        }

        foreach (var child in Children(node))
        {
            Descend(child, name, found);
        }
    }

    private static List<JsonNode?> Bracket(IReadOnlyList<JsonNode?> current, string inner)
    {
        if (inner == "*")
        {
            return current.SelectMany(Children).ToList();
        }

        if (inner.StartsWith('\'') || inner.StartsWith('"'))
        {
            var keys = inner.Split(',').Select(k => k.Trim().Trim('\'', '"'));
            return keys.SelectMany(k => Field(current, k)).ToList();
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            // client-go filters lists only: filtering an object (or a scalar) is an error, which a printer
            // column shows as an empty cell.
            var filter = inner[2..^1].Trim();
            return current.Select(node => node as JsonArray ?? throw new FormatException(
                    $"{FormatValue(node)} is not array or slice and cannot be filtered"))
                .SelectMany(a => a)
                .Where(item => FilterMatches(item, filter))
                .ToList();
        }

        var arrays = current.OfType<JsonArray>();
        if (inner.Contains(':', StringComparison.Ordinal))
        {
            var parts = inner.Split(':');
            return arrays.SelectMany(a =>
            {
                var start = Normalise(ParseIndex(parts[0], 0), a.Count);
                var end = Normalise(ParseIndex(parts[1], a.Count), a.Count);
                return a.Skip(start).Take(Math.Max(0, end - start));
            }).ToList();
        }

        var index = ParseIndex(inner, 0);
        return arrays.Where(a => (index < 0 ? a.Count + index : index) is var i && i >= 0 && i < a.Count)
            .Select(a => a[index < 0 ? a.Count + index : index])
            .ToList();
    }

    private static int ParseIndex(string text, int whenEmpty) =>
        text.Trim().Length == 0 ? whenEmpty
        : int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i
        : throw new FormatException($"invalid array index {text}");

    private static int Normalise(int index, int count) => Math.Clamp(index < 0 ? count + index : index, 0, count);

    private static bool FilterMatches(JsonNode? item, string filter)
    {
        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            var at = filter.IndexOf(op, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            // With missing keys allowed, client-go skips an item whose operand is missing, whatever the
            // operator: [?(@.reason!="X")] does not select items without a reason.
            if (!TryOperand(item, filter[..at].Trim(), out var left) || !TryOperand(item, filter[(at + op.Length)..].Trim(), out var right))
            {
                return false;
            }

            return op switch
            {
                "==" => JsonKinds.DeepEquals(left, right),
                "!=" => !JsonKinds.DeepEquals(left, right),
                _ => Compare(left, right, op),
            };
        }

        // The "exists" filter: the key is there, even with a null value.
        return TryOperand(item, filter, out _);
    }

    private static bool Compare(JsonNode? left, JsonNode? right, string op)
    {
        int? order = (JsonNumber.From(left), JsonNumber.From(right)) switch
        {
            ({ } l, { } r) => l.AsDouble.CompareTo(r.AsDouble),
            _ when left is JsonValue lv && right is JsonValue rv && lv.TryGetValue<string>(out var ls) && rv.TryGetValue<string>(out var rs)
                => string.CompareOrdinal(ls, rs),
            _ => null,
        };
        return order is { } o && op switch
        {
            "<" => o < 0,
            ">" => o > 0,
            "<=" => o <= 0,
            _ => o >= 0,
        };
    }

    /// <summary>A filter operand: <c>@.path</c>, a quoted string, a number, true/false/null. False when a path is missing.</summary>
    private static bool TryOperand(JsonNode? item, string text, out JsonNode? value)
    {
        value = null;
        if (text.StartsWith('@'))
        {
            var results = Evaluate(item, text[1..]);
            value = results.Count == 0 ? null : results[0];
            return results.Count > 0;
        }

        if (text.Length >= 2 && (text[0] is '\'' or '"') && text[^1] == text[0])
        {
            value = JsonValue.Create(text[1..^1]);
            return true;
        }

        try
        {
            value = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException e)
        {
            throw new FormatException($"unrecognized filter operand {text}", e);
        }
    }
}
