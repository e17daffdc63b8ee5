using System.Text;
using System.Text.RegularExpressions;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// How a schema property is named in CEL, as the apiserver escapes it (apiserver/pkg/cel/escaping.go): a CEL
/// keyword becomes <c>__keyword__</c>; "__", ".", "-" and "/" become <c>__underscores__</c>, <c>__dot__</c>,
/// <c>__dash__</c> and <c>__slash__</c>; a name with any other character cannot be reached from a rule.
/// Map keys (additionalProperties) are never escaped: they are read with <c>self['key']</c>.
/// </summary>
internal static partial class CelNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    /// <summary>The CEL name of the property, or null when it has none.</summary>
    public static string? Escape(string property)
    {
        if (Keywords.Contains(property))
        {
            return $"__{property}__";
        }

        if (!Escapable().IsMatch(property))
        {
            return null;
        }

        var sb = new StringBuilder(property.Length);
        for (var i = 0; i < property.Length; i++)
        {
            if (property[i] == '_' && i + 1 < property.Length && property[i + 1] == '_')
            {
                sb.Append("__underscores__");
                i++;
                continue;
            }

            sb.Append(property[i] switch
            {
                '.' => "__dot__",
                '-' => "__dash__",
                '/' => "__slash__",
                _ => property[i].ToString(),
            });
        }

        return sb.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_.\\-/][a-zA-Z0-9_.\\-/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Escapable();
}
