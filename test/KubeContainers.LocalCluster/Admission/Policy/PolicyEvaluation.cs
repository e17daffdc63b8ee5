using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cel;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Schema;
using KubeContainers.LocalCluster.Server;

namespace KubeContainers.LocalCluster.Admission.Policy;

/// <summary>
/// One policy evaluated for one request and one param (policy/validating's validator): the match conditions first
/// (one false skips the policy; errors follow the failure policy), then every validation. A validation that is not
/// true fails with its messageExpression's text, else its message, else <c>failed expression: EXPR</c>, and its
/// reason (Invalid when unset). An evaluation error fails with <c>expression 'EXPR' resulted in error: ...</c> when
/// failurePolicy is Fail and is ignored when it is Ignore.
/// </summary>
internal static class PolicyEvaluation
{
    /// <summary>celconfig.MaxEvaluatedMessageExpressionSizeBytes.</summary>
    private const int MaxMessageLength = 5 * 1024;

    public sealed record Decision(string Message, string? Reason);

    public static List<Decision> Evaluate(CompiledPolicy policy, AdmissionRequest request, JsonObject? param, JsonObject? namespaceObject)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            // A DELETE has no new object: the request carries the stored one as the old object only.
            ["object"] = request.Operation == "DELETE" ? null : CelValues.From(request.Object, null, false),
            ["oldObject"] = request.OldObject is null ? null : CelValues.From(request.OldObject, null, false),
            ["request"] = CelValues.From(RequestOf(request), null, false),
            ["namespaceObject"] = namespaceObject is null ? null : CelValues.From(NamespaceOf(namespaceObject), null, false),
        };
        if (policy.HasParams)
        {
            variables["params"] = param is null ? null : CelValues.From(param, null, false);
        }

        // spec.variables, in order, each seeing those before it. Upstream evaluates them lazily; here a failed one is
        // an error of every expression that reads it.
        var composed = new Dictionary<string, object?>(StringComparer.Ordinal);
        var failedVariables = new Dictionary<string, string>(StringComparer.Ordinal);
        variables["variables"] = composed;
        foreach (var (name, program) in policy.Variables)
        {
            if (Run(program, variables, out var value) is { } error)
            {
                failedVariables[name] = error;
            }
            else
            {
                composed[name] = value;
            }
        }

        var conditionErrors = new List<string>();
        foreach (var (expression, program) in policy.MatchConditions)
        {
            object? value = null;
            var error = VariableError(expression, failedVariables) ?? Run(program, variables, out value);
            if (error is not null)
            {
                conditionErrors.Add($"expression '{expression}' resulted in error: {error}");
            }
            else if (value is false)
            {
                return [];
            }
        }

        if (conditionErrors.Count > 0)
        {
            return policy.IgnoreFailures ? [] : [new Decision(Selectors.LabelValidation.Aggregate(conditionErrors), null)];
        }

        var decisions = new List<Decision>();
        foreach (var validation in policy.Validations)
        {
            object? value = null;
            var error = VariableError(validation.Expression, failedVariables) ?? Run(validation.Program, variables, out value);
            if (error is not null)
            {
                if (!policy.IgnoreFailures)
                {
                    decisions.Add(new Decision($"expression '{validation.Expression}' resulted in error: {error}", null));
                }

                continue;
            }

            if (value is true)
            {
                continue;
            }

            decisions.Add(new Decision(MessageOf(validation, variables), validation.Reason ?? "Invalid"));
        }

        return decisions;
    }

    private static string MessageOf(CompiledPolicy.Validation validation, Dictionary<string, object?> variables)
    {
        if (validation.MessageProgram is { } program && Run(program, variables, out var value) is null
            && value is string text && text.Trim() is { Length: > 0 and <= MaxMessageLength } trimmed && !trimmed.Contains('\n'))
        {
            return trimmed;
        }

        return validation.Message is { } message && message.Trim().Length > 0 ? message.Trim() : $"failed expression: {validation.Expression}";
    }

    /// <summary>The error of an expression reading a spec.variables entry that failed to evaluate.</summary>
    private static string? VariableError(string expression, Dictionary<string, string> failed)
    {
        foreach (var (name, error) in failed)
        {
            if (Regex.IsMatch(expression, $@"\bvariables\.{Regex.Escape(name)}\b"))
            {
                return $"composited variable \"{name}\" fails to evaluate: {error}";
            }
        }

        return null;
    }

    /// <summary>Runs a program; null when it ran, else cel-go's words for its runtime error.</summary>
    private static string? Run(CelProgramDelegate program, Dictionary<string, object?> variables, out object? value)
    {
        value = null;
        try
        {
            try
            {
                value = program(variables);
                return null;
            }
            catch (CelNoSuchOverloadException e) when (CelValidator.Operand(e) is { } error)
            {
                throw error;
            }
        }
        catch (CelNoSuchOverloadException)
        {
            return "no such overload";
        }
        catch (Exception e) when (e is CelException or RegexMatchTimeoutException or InvalidCastException or ArgumentException or KeyNotFoundException)
        {
            return CelValidator.RuntimeError(e);
        }
    }

    /// <summary>The admission.k8s.io AdmissionRequest an expression sees as <c>request</c>.</summary>
    private static JsonObject RequestOf(AdmissionRequest request)
    {
        var type = request.Type;
        // A /scale write is of an autoscaling/v1 Scale; its resource stays the parent's.
        var kindType = request.Subresource == ScaleSubresource.Name ? ScaleSubresource.ScaleKind : type;
        var kind = new JsonObject { ["group"] = kindType.Group, ["version"] = kindType.Version, ["kind"] = kindType.Kind };
        var resource = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural };
        var user = request.User;
        var result = new JsonObject
        {
            ["kind"] = kind,
            ["resource"] = resource,
            ["requestKind"] = kind.DeepClone(),
            ["requestResource"] = resource.DeepClone(),
            ["name"] = request.Object.Name(),
            ["namespace"] = request.Object.Namespace() ?? "",
            ["operation"] = request.Operation,
            ["userInfo"] = new JsonObject
            {
                ["username"] = user?.Name ?? "system:apiserver",
                ["uid"] = user?.Uid ?? "",
                ["groups"] = new JsonArray((user?.Groups ?? ["system:masters"]).Select(g => (JsonNode)JsonValue.Create(g)).ToArray()),
            },
            ["dryRun"] = request.DryRun,
        };
        if (request.Subresource is { } subresource)
        {
            result["subResource"] = subresource;
            result["requestSubResource"] = subresource;
        }

        return result;
    }

    /// <summary>cel.CreateNamespaceObject: the namespace's metadata (without managedFields), spec and status.</summary>
    private static JsonObject NamespaceOf(JsonObject ns)
    {
        var copy = ns.DeepClone().AsObject();
        copy.Metadata().Remove("managedFields");
        copy.Remove("apiVersion");
        copy.Remove("kind");
        return copy;
    }
}
