using System.Text;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// A rule's <c>fieldPath</c> (<c>.spec.host</c>, <c>.labels['a.b/c']</c>) checked against the schema and turned
/// into the field.Path text the error is reported at, as the apiserver's ValidFieldPath does: fields by name
/// where the schema has properties, keys where it has additionalProperties, quoted keys in brackets; no list
/// indexes.
/// </summary>
internal static class CelFieldPath
{
    /// <summary>The path's text relative to the rule's value (<c>spec.host</c>, <c>labels[a.b/c]</c>), or null
    /// with <paramref name="error"/> saying why it is not valid.</summary>
    public static string? Normalize(string jsonPath, JsonObject schema, out string? error)
    {
        var result = new StringBuilder();
        var tokens = Tokens(jsonPath);
        var current = schema;
        for (var i = 0; i < tokens.Count; i++)
        {
            string name;
            switch (tokens[i])
            {
                case "[":
                    if (i + 1 >= tokens.Count)
                    {
                        return Fail("unexpected end of JSON path", out error);
                    }

                    var quoted = tokens[++i];
                    if (quoted.Length < 2 || quoted[0] != '\'' || quoted[^1] != '\'')
                    {
                        return Fail($"expected single quoted string but got {quoted}", out error);
                    }

                    if (Unescape(quoted[1..^1]) is not { } unescaped)
                    {
                        return Fail("invalid string literal: invalid escape char", out error);
                    }

                    if (i + 1 >= tokens.Count)
                    {
                        return Fail("unexpected end of JSON path", out error);
                    }

                    if (tokens[++i] != "]")
                    {
                        return Fail($"expected ] but got {tokens[i]}", out error);
                    }

                    name = unescaped;
                    break;
                case ".":
                    if (i + 1 >= tokens.Count)
                    {
                        return Fail("unexpected end of JSON path", out error);
                    }

                    name = tokens[++i];
                    break;
                default:
                    return Fail($"expected [ or . but got: {tokens[i]}", out error);
            }

            if (SchemaKeywords.Properties(current) is not null)
            {
                if (SchemaKeywords.Property(current, name) is not { } property)
                {
                    return Fail("does not refer to a valid field", out error);
                }

                result.Append(result.Length == 0 ? name : "." + name);
                current = property;
            }
            else if (SchemaKeywords.AdditionalProperties(current) is { } values)
            {
                result.Append('[').Append(name).Append(']');
                current = values;
            }
            else
            {
                return Fail("does not refer to a valid field", out error);
            }
        }

        error = null;
        return result.ToString();
    }

    private static string? Fail(string why, out string? error)
    {
        error = why;
        return null;
    }

    /// <summary>Splits on '.', '[' and ']' (each its own token) except inside single quotes.</summary>
    private static List<string> Tokens(string path)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] is '.' or '[' or ']')
            {
                tokens.Add(path[i].ToString());
                i++;
                continue;
            }

            var start = i;
            if (path[i] == '\'')
            {
                i++;
                while (i < path.Length && !(path[i] == '\'' && path[i - 1] != '\\'))
                {
                    i++;
                }

                i = Math.Min(i + 1, path.Length);
            }
            else
            {
                while (i < path.Length && path[i] is not ('.' or '[' or ']'))
                {
                    i++;
                }
            }

            tokens.Add(path[start..i]);
        }

        return tokens;
    }

    private static string? Unescape(string text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length)
            {
                sb.Append(text[i]);
                continue;
            }

            char? c = text[++i] switch
            {
                'a' => '\a', 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', 'v' => '\v', '\'' => '\'', '\\' => '\\',
                _ => null,
            };
            if (c is null)
            {
                return null;
            }

            sb.Append(c.Value);
        }

        return sb.ToString();
    }
}
