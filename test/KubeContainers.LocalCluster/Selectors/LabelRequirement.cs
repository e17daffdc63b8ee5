using System.Globalization;

namespace KubeContainers.LocalCluster.Selectors;

/// <summary>One clause of a label selector, e.g. <c>tier in (a,b)</c>. Values are sorted and distinct.</summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case LabelOperator.In or LabelOperator.Equals or LabelOperator.DoubleEquals:
                return has && Values.Contains(value!, StringComparer.Ordinal);
            case LabelOperator.NotIn or LabelOperator.NotEquals:
                return !has || !Values.Contains(value!, StringComparer.Ordinal);
            case LabelOperator.Exists:
                return has;
            case LabelOperator.DoesNotExist:
                return !has;
            default:
                if (!has || Values.Count != 1
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }

                return Operator == LabelOperator.GreaterThan ? actual > bound : actual < bound;
        }
    }

    /// <summary>The canonical text apimachinery prints (Requirement.String).</summary>
    public override string ToString() => Operator switch
    {
        LabelOperator.Exists => Key,
        LabelOperator.DoesNotExist => "!" + Key,
        LabelOperator.Equals => Key + "=" + Values[0],
        LabelOperator.DoubleEquals => Key + "==" + Values[0],
        LabelOperator.NotEquals => Key + "!=" + Values[0],
        LabelOperator.GreaterThan => Key + ">" + Values[0],
        LabelOperator.LessThan => Key + "<" + Values[0],
        LabelOperator.In => Key + " in (" + string.Join(",", Values) + ")",
        _ => Key + " notin (" + string.Join(",", Values) + ")",
    };
}
