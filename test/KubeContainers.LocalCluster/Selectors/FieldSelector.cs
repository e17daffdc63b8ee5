using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Selectors;

/// <summary>
/// A field selector with apimachinery's syntax (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, comma separated,
/// <c>\,</c> <c>\=</c> <c>\\</c> escapes in values) evaluated against an object's fields. Which fields a kind
/// accepts is the per-kind table of the real apiserver (<see cref="SupportedFields"/>).
/// </summary>
public sealed class FieldSelector
{
    private static readonly HashSet<string> MetadataFields = new(StringComparer.Ordinal) { "metadata.name", "metadata.namespace" };

    private static readonly Dictionary<(string Group, string Kind), string[]> KindFields = new()
    {
        [(string.Empty, "Pod")] =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
        ],
        [(string.Empty, "Event")] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
        [(string.Empty, "Secret")] = ["type"],
        [(string.Empty, "Namespace")] = ["status.phase"],
        [(string.Empty, "Node")] = ["spec.unschedulable"],
        [(string.Empty, "ReplicationController")] = ["status.replicas"],
        [("batch", "Job")] = ["status.successful"],
        [("apps", "ReplicaSet")] = ["status.replicas"],
        [("certificates.k8s.io", "CertificateSigningRequest")] = ["spec.signerName"],
    };

    /// <summary>Selector names whose value lives elsewhere in the object.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["source"] = "source.component",
        ["status.successful"] = "status.succeeded",
    };

    /// <summary>Fields the apiserver renders from a non-string Go field, with the zero value it prints when unset.</summary>
    private static readonly Dictionary<string, string> ZeroValues = new(StringComparer.Ordinal)
    {
        ["spec.unschedulable"] = "false",
        ["spec.hostNetwork"] = "false",
        ["status.replicas"] = "0",
        ["status.successful"] = "0",
    };

    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    /// <summary>The terms, sorted by their text as apimachinery sorts them.</summary>
    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>The field names the selector uses, for checking them against <see cref="SupportedFields"/>.</summary>
    public IReadOnlyList<string> Fields => Requirements.Select(r => r.Field).Distinct(StringComparer.Ordinal).ToList();

    public bool IsEverything => Requirements.Count == 0;

    /// <summary>
    /// Parses a selector. Throws <see cref="FormatException"/> with the apiserver's message, e.g.
    /// <c>invalid selector: 'a'; can't understand 'a'</c>.
    /// </summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new FieldSelector([]);
        }

        var requirements = new List<FieldRequirement>();
        foreach (var term in SplitTerms(text).Order(StringComparer.Ordinal))
        {
            if (term.Length == 0)
            {
                continue;
            }

            var (field, op, rhs) = SplitTerm(term)
                ?? throw new FormatException($"invalid selector: '{text}'; can't understand '{term}'");
            requirements.Add(new FieldRequirement(field, op != "!=", UnescapeValue(rhs)));
        }

        return new FieldSelector(requirements);
    }

    /// <summary>The fields a kind can be selected by; every kind has metadata.name and metadata.namespace.</summary>
    public static IReadOnlySet<string> SupportedFields(string group, string kind)
    {
        var fields = new HashSet<string>(MetadataFields, StringComparer.Ordinal);
        if (KindFields.TryGetValue((group, kind), out var extra))
        {
            fields.UnionWith(extra);
        }

        return fields;
    }

    /// <summary>
    /// The first field of <paramref name="selector"/> the kind does not support, or null. The server answers
    /// 400 with <c>field label not supported: {field}</c>.
    /// </summary>
    public static string? UnsupportedField(FieldSelector selector, string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var supported = SupportedFields(group, kind);
        return selector.Fields.FirstOrDefault(f => !supported.Contains(f));
    }

    /// <summary>Whether every term holds for the object (missing fields read as "").</summary>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Requirements.All(r => string.Equals(ValueOf(obj, r.Field), r.Value, StringComparison.Ordinal) == r.Equal);
    }

    /// <summary>The string a field selector compares for <paramref name="field"/> of <paramref name="obj"/>.</summary>
    public static string ValueOf(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonNode? node = obj;
        foreach (var part in (Aliases.GetValueOrDefault(field) ?? field).Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        if (field == "status.podIPs" && node is JsonArray ips)
        {
            return string.Join(",", ips.Select(ip => ip?["ip"]?.GetValue<string>() ?? string.Empty));
        }

        return node switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>() ? "true" : "false",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            null => ZeroValues.GetValueOrDefault(field) ?? string.Empty,
            _ => node.ToJsonString(),
        };
    }

    /// <summary>fields.EscapeValue: escapes \, comma and = so the value survives a round trip.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("=", "\\=", StringComparison.Ordinal);
    }

    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));

    /// <summary>Splits on commas that are not escaped.</summary>
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var inSlash = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (inSlash)
            {
                inSlash = false;
            }
            else if (text[i] == '\\')
            {
                inSlash = true;
            }
            else if (text[i] == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    /// <summary>The first operator occurrence splits the term (no escaping on the left-hand side).</summary>
    private static (string Lhs, string Op, string Rhs)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var op in new[] { "!=", "==", "=" })
            {
                if (term.AsSpan(i).StartsWith(op, StringComparison.Ordinal))
                {
                    return (term[..i], op, term[(i + op.Length)..]);
                }
            }
        }

        return null;
    }

    private static string UnescapeValue(string value)
    {
        if (value.AsSpan().IndexOfAny("\\,=") < 0)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length);
        var inSlash = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (inSlash)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new FormatException("invalid field selector: invalid escape sequence: \\" + rune);
                }

                sb.Append(rune.ToString());
                inSlash = false;
                continue;
            }

            switch (rune.Value)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',' or '=':
                    // Go prints the rune with %v, i.e. as its code point number.
                    throw new FormatException("invalid field selector: unescaped character in value: " + rune.Value.ToString(CultureInfo.InvariantCulture));
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }

        if (inSlash)
        {
            throw new FormatException("invalid field selector: invalid escape sequence: \\");
        }

        return sb.ToString();
    }
}
