using System.Text.RegularExpressions;

namespace KubeContainers.Api.Validation;

/// <summary>
/// Label keys (qualified names) and label values with apimachinery's messages (IsQualifiedName and
/// IsValidLabelValue, Kubernetes 1.31). Also a resource name, a taint or toleration key.
/// </summary>
public static partial class LabelRules
{
    /// <summary>The longest name part of a key, and the longest value.</summary>
    public const int MaxNameLength = 63;

    private const string QualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    private const string LabelValueFormat = "(" + ValidationPatterns.QualifiedNameFormat + ")?";

    /// <summary>IsQualifiedName: an optional DNS subdomain prefix and a slash, then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> Key(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part " + RuleText.Empty);
                }
                else
                {
                    errors.AddRange(NameRules.Dns1123Subdomain(parts[0]).Select(e => "prefix part " + e));
                }

                break;
            default:
                return ["a qualified name " + NameRule() + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0)
        {
            errors.Add("name part " + RuleText.Empty);
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name part " + RuleText.MaxLength(MaxNameLength));
        }

        if (!RuleText.Matches(QualifiedNameRegex(), name))
        {
            errors.Add("name part " + NameRule());
        }

        return errors;
    }

    /// <summary>IsValidLabelValue: empty, or at most 63 characters shaped like a key's name part.</summary>
    public static IReadOnlyList<string> Value(string value) =>
        RuleText.LengthAndFormat(value, MaxNameLength, LabelValueRegex(),
            () => RuleText.Regex(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));

    public static bool IsKey(string value) => Key(value).Count == 0;

    public static bool IsValue(string value) => Value(value).Count == 0;

    private static string NameRule() =>
        RuleText.Regex(QualifiedNameMessage, ValidationPatterns.QualifiedNameFormat, "MyName", "my.name", "123-abc");

    [GeneratedRegex("^" + ValidationPatterns.QualifiedNameFormat + "$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex(ValidationPatterns.LabelValue, RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();
}
