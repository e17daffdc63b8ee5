using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Admission.Policy;

/// <summary>
/// A ValidatingAdmissionPolicy's expressions compiled once: its variables, match conditions and validations
/// (expression, message, messageExpression, reason). Compiling reports every expression that does not compile as
/// the apiserver's validation does (<c>spec.validations[0].expression: Invalid value: "...": compilation failed: ...</c>),
/// which is why a bad policy is refused when it is written.
/// </summary>
internal sealed partial class CompiledPolicy
{
    private CompiledPolicy(JsonObject policy) => Policy = policy;

    public JsonObject Policy { get; }

    public string Name => Policy.Name();

    public bool HasParams => Policy["spec"]?["paramKind"] is JsonObject;

    /// <summary>spec.failurePolicy, Fail when unset (it is defaulted on write).</summary>
    public bool IgnoreFailures => Policy["spec"].Str("failurePolicy") == "Ignore";

    public List<(string Name, CelProgramDelegate Program)> Variables { get; } = [];

    public List<(string Expression, CelProgramDelegate Program)> MatchConditions { get; } = [];

    public List<Validation> Validations { get; } = [];

    /// <summary>Compiled expressions are not safe to run concurrently; admission holds this while evaluating.</summary>
    public Lock Gate { get; } = new();

    public sealed record Validation(string Expression, CelProgramDelegate Program, string? Message, CelProgramDelegate? MessageProgram, string? Reason);

    /// <summary>Compiles <paramref name="policy"/>; the errors are those of upstream's ValidateValidatingAdmissionPolicy
    /// that concern expressions (the structural ones are <see cref="PolicyDefinitions"/>').</summary>
    public static CompiledPolicy Compile(JsonObject policy, List<FieldError> errors)
    {
        var compiled = new CompiledPolicy(policy);
        var spec = policy["spec"] as JsonObject;
        var expressions = new PolicyExpressions(compiled.HasParams);
        var variables = spec?["variables"] as JsonArray ?? [];
        for (var i = 0; i < variables.Count; i++)
        {
            var at = $"spec.variables[{i}]";
            var name = variables[i].Str("name") ?? "";
            var expression = variables[i].Str("expression") ?? "";
            if (name.Trim().Length == 0)
            {
                errors.Add(new FieldError(at + ".name", "FieldValueRequired", "Required value: name is not specified"));
            }
            else if (!CelIdentifier().IsMatch(name) || ReservedWords.Contains(name))
            {
                errors.Add(new FieldError(at + ".name", "FieldValueInvalid", $"Invalid value: {GoText.Quote(name)}: name is not a valid CEL identifier"));
            }

            if (expression.Trim().Length == 0)
            {
                errors.Add(new FieldError(at + ".expression", "FieldValueRequired", "Required value: expression is not specified"));
            }
            else if (Compile(expressions, expression, at + ".expression", errors) is { } program)
            {
                compiled.Variables.Add((name, program));
            }

            expressions.DeclareVariable(name);
        }

        var conditions = spec?["matchConditions"] as JsonArray ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < conditions.Count; i++)
        {
            var at = $"spec.matchConditions[{i}]";
            var name = conditions[i].Str("name") ?? "";
            var expression = conditions[i].Str("expression") ?? "";
            if (expression.Trim().Length == 0)
            {
                errors.Add(new FieldError(at + ".expression", "FieldValueRequired", "Required value"));
            }
            else if (Compile(expressions, expression.Trim(), at + ".expression", errors) is { } program)
            {
                compiled.MatchConditions.Add((expression.Trim(), program));
            }

            if (name.Length == 0)
            {
                errors.Add(new FieldError(at + ".name", "FieldValueRequired", "Required value"));
            }
            else if (!names.Add(name))
            {
                errors.Add(new FieldError(at + ".name", "FieldValueDuplicate", $"Duplicate value: {GoText.Quote(name)}"));
            }
        }

        var validations = spec?["validations"] as JsonArray ?? [];
        var auditAnnotations = spec?["auditAnnotations"] as JsonArray ?? [];
        if (validations.Count == 0 && auditAnnotations.Count == 0)
        {
            errors.Add(new FieldError("spec.validations", "FieldValueRequired", "Required value: validations or auditAnnotations must contain at least one item"));
            errors.Add(new FieldError("spec.auditAnnotations", "FieldValueRequired", "Required value: validations or auditAnnotations must contain at least one item"));
        }

        for (var i = 0; i < validations.Count; i++)
        {
            compiled.AddValidation(expressions, validations[i] as JsonObject ?? [], $"spec.validations[{i}]", errors);
        }

        return compiled;
    }

    private void AddValidation(PolicyExpressions expressions, JsonObject validation, string at, List<FieldError> errors)
    {
        var expression = validation.Str("expression") ?? "";
        var message = validation.Str("message");
        var messageExpression = validation.Str("messageExpression");
        var reason = validation.Str("reason");
        CelProgramDelegate? program = null;
        CelProgramDelegate? messageProgram = null;
        if (expression.Trim().Length == 0)
        {
            errors.Add(new FieldError(at + ".expression", "FieldValueRequired", "Required value: expression is not specified"));
        }
        else
        {
            program = Compile(expressions, expression, at + ".expression", errors);
        }

        if (messageExpression is { Length: > 0 } && messageExpression.Trim().Length == 0)
        {
            errors.Add(new FieldError(at + ".messageExpression", "FieldValueInvalid", $"Invalid value: {GoText.Quote(messageExpression)}: must be non-empty if specified"));
        }
        else if (messageExpression is { Length: > 0 })
        {
            messageProgram = Compile(expressions, messageExpression, at + ".messageExpression", errors);
        }

        if (message is { Length: > 0 } && message.Trim().Length == 0)
        {
            errors.Add(new FieldError(at + ".message", "FieldValueInvalid", $"Invalid value: {GoText.Quote(message)}: message must be non-empty if specified"));
        }
        else if (message is not null && (message.Trim().Contains('\n') || message.Trim().Contains('\r')))
        {
            errors.Add(new FieldError(at + ".message", "FieldValueInvalid", $"Invalid value: {GoText.Quote(message)}: message must not contain line breaks"));
        }

        if (reason is not null && reason is not ("Forbidden" or "Invalid" or "RequestEntityTooLarge" or "Unauthorized"))
        {
            errors.Add(new FieldError(at + ".reason", "FieldValueNotSupported",
                $"Unsupported value: {GoText.Quote(reason)}: supported values: \"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\", \"Unauthorized\""));
        }

        if (program is not null)
        {
            Validations.Add(new Validation(expression.Trim(), program, message, messageProgram, reason));
        }
    }

    private static CelProgramDelegate? Compile(PolicyExpressions expressions, string expression, string at, List<FieldError> errors)
    {
        var program = expressions.Compile(expression, out var error);
        if (error is not null)
        {
            errors.Add(new FieldError(at, "FieldValueInvalid", $"Invalid value: {GoText.Quote(expression)}: {error}"));
        }

        return program;
    }

    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex CelIdentifier();
}
