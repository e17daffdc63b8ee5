using System.Text.RegularExpressions;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Selectors;

/// <summary>
/// apimachinery's label key and value rules (IsQualifiedName, IsValidLabelValue) with their exact messages,
/// plus the field.Error and aggregate wording selector parse errors are reported in.
/// </summary>
internal static partial class LabelValidation
{
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    public static List<string> QualifiedNameErrors(string value)
    {
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
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(SubdomainErrors(parts[0]).Select(e => "prefix part " + e));
                }

                break;
            default:
                errors.Add("a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Add("name part must be no more than 63 characters");
        }

        if (!QualifiedName().IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    public static List<string> LabelValueErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > 63)
        {
            errors.Add("must be no more than 63 characters");
        }

        if (!LabelValue().IsMatch(value))
        {
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    private static List<string> SubdomainErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253)
        {
            errors.Add("must be no more than 253 characters");
        }

        if (!Subdomain().IsMatch(value))
        {
            errors.Add(RegexError(SubdomainMessage, SubdomainFormat, "example.com"));
        }

        return errors;
    }

    private static string RegexError(string message, string format, params string[] examples) =>
        message + " (e.g. " + string.Join(" or ", examples.Select(e => "'" + e + "', ")) + "regex used for validation is '" + format + "')";

    /// <summary>field.Invalid(...).Error(): "path: Invalid value: \"v\": detail" (a nil path prints as &lt;nil&gt;).</summary>
    public static string InvalidError(string? path, string value, string detail) =>
        $"{path ?? "<nil>"}: Invalid value: {GoText.Quote(value)}: {detail}";

    /// <summary>utilerrors.Aggregate's Error(): one message alone, several as "[a, b]".</summary>
    public static string Aggregate(IReadOnlyList<string> messages) =>
        messages.Count == 1 ? messages[0] : "[" + string.Join(", ", messages) + "]";

    /// <summary>NewRequirement's checks; the messages are the apiserver's, null when the requirement is valid.</summary>
    public static string? RequirementError(string key, LabelOperator op, IReadOnlyList<string> values)
    {
        var errors = new List<string>();
        if (QualifiedNameErrors(key) is { Count: > 0 } keyErrors)
        {
            errors.Add(InvalidError("key", key, string.Join("; ", keyErrors)));
        }

        var valuesText = "[]string{" + string.Join(", ", values.Select(GoText.Quote)) + "}";
        switch (op)
        {
            case LabelOperator.In or LabelOperator.NotIn when values.Count == 0:
                errors.Add($"values: Invalid value: {valuesText}: for 'in', 'notin' operators, values set can't be empty");
                break;
            case LabelOperator.Equals or LabelOperator.DoubleEquals or LabelOperator.NotEquals when values.Count != 1:
                errors.Add($"values: Invalid value: {valuesText}: exact-match compatibility requires one single value");
                break;
            case LabelOperator.Exists or LabelOperator.DoesNotExist when values.Count != 0:
                errors.Add($"values: Invalid value: {valuesText}: values set must be empty for exists and does not exist");
                break;
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                if (values.Count != 1)
                {
                    errors.Add($"values: Invalid value: {valuesText}: for 'Gt', 'Lt' operators, exactly one value is required");
                }

                for (var i = 0; i < values.Count; i++)
                {
                    if (!long.TryParse(values[i], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add(InvalidError($"values[{i}]", values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (LabelValueErrors(values[i]) is { Count: > 0 } valueErrors)
            {
                errors.Add(InvalidError($"values[{i}][{key}]", values[i], string.Join("; ", valueErrors)));
            }
        }

        return errors.Count == 0 ? null : Aggregate(errors);
    }

    [GeneratedRegex("^" + QualifiedNameFormat + "\\z")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFormat + "\\z")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^" + SubdomainFormat + "\\z")]
    private static partial Regex Subdomain();
}
