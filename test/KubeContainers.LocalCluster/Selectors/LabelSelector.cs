using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Selectors;

/// <summary>
/// A parsed label selector with apimachinery's semantics: requirements are ANDed, an empty selector
/// matches everything, and the "nothing" selector (a nil metav1.LabelSelector) matches no object.
/// </summary>
public sealed class LabelSelector
{
    private readonly bool _matchesNothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool matchesNothing)
    {
        Requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    /// <summary>Matches every object (an empty selector string or an empty metav1.LabelSelector).</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>Matches no object (what a missing metav1.LabelSelector means for controllers).</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>Requirements sorted by key, as apimachinery keeps them.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    public bool IsEverything => !_matchesNothing && Requirements.Count == 0;

    /// <summary>
    /// Parses the query-string form: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>,
    /// <c>a</c>, <c>!a</c>, <c>a&gt;1</c>, <c>a&lt;1</c>, joined by commas. Throws <see cref="FormatException"/>
    /// carrying the apiserver's message, e.g. <c>unable to parse requirement: found '', expected: identifier</c>.
    /// </summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = LabelSelectorParser.Parse(text);
        return new LabelSelector(requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), matchesNothing: false);
    }

    /// <summary>
    /// Converts a metav1.LabelSelector (matchLabels + matchExpressions with In, NotIn, Exists, DoesNotExist)
    /// like metav1.LabelSelectorAsSelector: null gives <see cref="Nothing"/>, an empty one <see cref="Everything"/>.
    /// </summary>
    public static LabelSelector FromJson(JsonObject? metav1LabelSelector)
    {
        if (metav1LabelSelector is null)
        {
            return Nothing;
        }

        var requirements = new List<LabelRequirement>();
        if (metav1LabelSelector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                requirements.Add(Requirement(key, LabelOperator.Equals, [value?.GetValue<string>() ?? string.Empty]));
            }
        }

        if (metav1LabelSelector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]?.GetValue<string>() ?? string.Empty;
                var opText = expression["operator"]?.GetValue<string>() ?? string.Empty;
                var op = opText switch
                {
                    "In" => LabelOperator.In,
                    "NotIn" => LabelOperator.NotIn,
                    "Exists" => LabelOperator.Exists,
                    "DoesNotExist" => LabelOperator.DoesNotExist,
                    _ => throw new FormatException($"{GoText.Quote(opText)} is not a valid label selector operator"),
                };
                var values = expression["values"] is JsonArray v
                    ? v.Select(x => x?.GetValue<string>() ?? string.Empty).ToList()
                    : [];
                requirements.Add(Requirement(key, op, values));
            }
        }

        return requirements.Count == 0
            ? Everything
            : new LabelSelector(requirements.OrderBy(r => r.Key, StringComparer.Ordinal).ToList(), matchesNothing: false);
    }

    private static LabelRequirement Requirement(string key, LabelOperator op, List<string> values)
    {
        if (LabelValidation.RequirementError(key, op, values) is { } error)
        {
            throw new FormatException(error);
        }

        return new LabelRequirement(key, op, values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        var actual = labels ?? new Dictionary<string, string>();
        return Requirements.All(r => r.Matches(actual));
    }

    /// <summary>Matches against <c>metadata.labels</c> of an object.</summary>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    labels[key] = s;
                }
            }
        }

        return Matches(labels);
    }

    /// <summary>The canonical selector text (what kubectl shows in a SELECTOR column); empty for everything/nothing.</summary>
    public override string ToString() => string.Join(",", Requirements.Select(r => r.ToString()));
}
