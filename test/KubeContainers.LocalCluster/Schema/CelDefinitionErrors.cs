using System.Text.Json.Nodes;
using Cel;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// What the apiserver refuses in one <c>x-kubernetes-validations</c> entry when a CRD is created or updated, with
/// its messages: a missing rule, a rule or messageExpression that does not compile (<c>compilation failed: ERROR:
/// &lt;input&gt;:1:6: undefined field 'prot'</c>), a message with line breaks, an unknown reason, a fieldPath
/// that names no field of the schema.
/// </summary>
internal static class CelDefinitionErrors
{
    private static readonly string[] Reasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

    public static void Check(CelEnvironment env, CelRule rule, JsonObject raw, JsonObject schema, JsonObject selfType, string at, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(rule.Rule))
        {
            errors.Add(new FieldError(at + ".rule", "FieldValueRequired", "Required value: rule is not specified"));
        }
        else if (CelCheck.Check(env, rule.Rule, selfType, out _, out var error) is null)
        {
            errors.Add(new FieldError(at + ".rule", "FieldValueInvalid", $"Invalid value: {GoSyntax(rule, raw)}: compilation failed: {error}"));
        }

        if (rule.Message is { } message)
        {
            if (message.Trim().Length == 0)
            {
                errors.Add(Invalid(at + ".message", message, "message must be non-empty if specified"));
            }
            else if (message.Contains('\n'))
            {
                errors.Add(Invalid(at + ".message", message, "message must not contain line breaks"));
            }
        }

        if (rule.MessageExpression is { } expression)
        {
            if (expression.Trim().Length == 0)
            {
                errors.Add(Invalid(at + ".messageExpression", expression, "messageExpression must be non-empty if specified"));
            }
            else if (CelCheck.Check(env, expression, selfType, out _, out var error) is null)
            {
                errors.Add(Invalid(at + ".messageExpression", expression, $"messageExpression compilation failed: {error}"));
            }
        }

        if (rule.Reason is { } reason && !Reasons.Contains(reason, StringComparer.Ordinal))
        {
            errors.Add(new FieldError(at + ".reason", "FieldValueNotSupported",
                $"Unsupported value: {GoText.Quote(reason)}: supported values: {string.Join(", ", Reasons.Select(GoText.Quote))}"));
        }

        if (rule.FieldPath is { Length: > 0 } fieldPath && CelFieldPath.Normalize(fieldPath, schema, out var pathError) is null)
        {
            errors.Add(Invalid(at + ".fieldPath", fieldPath, $"fieldPath must be a valid path: {pathError}"));
        }
    }

    private static FieldError Invalid(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {GoText.Quote(value)}: {detail}");

    /// <summary>The rule as Go's <c>%#v</c> prints the internal ValidationRule (pointers print as an address there;
    /// a fixed one here).</summary>
    private static string GoSyntax(CelRule rule, JsonObject raw)
    {
        var reason = raw.ContainsKey("reason") ? "(*apiextensions.FieldValueErrorReason)(0xc000a1b2c0)" : "(*apiextensions.FieldValueErrorReason)(nil)";
        var optional = raw.ContainsKey("optionalOldSelf") ? "(*bool)(0xc000a1b2c8)" : "(*bool)(nil)";
        return $"apiextensions.ValidationRule{{Rule:{GoText.Quote(rule.Rule)}, Message:{GoText.Quote(rule.Message ?? string.Empty)}, " +
            $"MessageExpression:{GoText.Quote(rule.MessageExpression ?? string.Empty)}, Reason:{reason}, " +
            $"FieldPath:{GoText.Quote(rule.FieldPath ?? string.Empty)}, OptionalOldSelf:{optional}}}";
    }
}
