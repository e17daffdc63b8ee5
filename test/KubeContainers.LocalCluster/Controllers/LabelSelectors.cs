using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>metav1.LabelSelector and core/v1 NodeSelectorTerm matching on JSON, as the controllers and the scheduler use them.</summary>
internal static class LabelSelectors
{
    /// <summary>matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); a null selector matches nothing, an empty one everything.</summary>
    public static bool Matches(JsonObject? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in selector.StringMap("matchLabels"))
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return selector.Objects("matchExpressions").All(e => Requirement(e, labels));
    }

    /// <summary>A requiredDuringScheduling node affinity: the terms are ORed, each term's requirements ANDed.</summary>
    public static bool MatchesNodeSelectorTerms(JsonArray terms, string nodeName, IReadOnlyDictionary<string, string> nodeLabels)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["metadata.name"] = nodeName };
        return terms.OfType<JsonObject>().Any(term =>
        {
            var expressions = term.Objects("matchExpressions").ToList();
            var fieldExpressions = term.Objects("matchFields").ToList();
            return (expressions.Count > 0 || fieldExpressions.Count > 0)
                && expressions.All(e => Requirement(e, nodeLabels))
                && fieldExpressions.All(e => Requirement(e, fields));
        });
    }

    private static bool Requirement(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = expression.Str("key") ?? "";
        var values = expression["values"] is JsonArray a ? a.Select(v => v?.ToString() ?? "").ToList() : [];
        var has = labels.TryGetValue(key, out var actual);
        return expression.Str("operator") switch
        {
            "In" => has && values.Contains(actual!, StringComparer.Ordinal),
            "NotIn" => !has || !values.Contains(actual!, StringComparer.Ordinal),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && values.Count == 1 && long.TryParse(actual, CultureInfo.InvariantCulture, out var gt) && long.TryParse(values[0], CultureInfo.InvariantCulture, out var gtBound) && gt > gtBound,
            "Lt" => has && values.Count == 1 && long.TryParse(actual, CultureInfo.InvariantCulture, out var lt) && long.TryParse(values[0], CultureInfo.InvariantCulture, out var ltBound) && lt < ltBound,
            _ => false,
        };
    }
}
