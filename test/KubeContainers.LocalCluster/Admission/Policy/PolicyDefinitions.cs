using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Schema;
using KubeContainers.LocalCluster.Selectors;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission.Policy;

/// <summary>
/// ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding on write: admissionregistration/v1's defaults
/// (failurePolicy Fail, matchPolicy Equivalent, empty namespace and object selectors, rule scope "*") and
/// upstream's ValidateValidatingAdmissionPolicy / ValidateValidatingAdmissionPolicyBinding, with their messages.
/// Every CEL expression is compiled here, so a policy that would not compile is refused at <c>kubectl apply</c>.
/// </summary>
internal sealed class PolicyDefinitions : IAdmissionPlugin
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];

    public void Admit(AdmissionRequest request)
    {
        if (request.Subresource is not null)
        {
            return;
        }

        if (request.Type == BuiltinResources.ValidatingAdmissionPolicies)
        {
            var errors = new List<FieldError>();
            var spec = request.Object["spec"] as JsonObject ?? request.Object.Child("spec");
            spec["failurePolicy"] ??= "Fail";
            Default(spec["matchConstraints"] as JsonObject);
            ValidatePolicySpec(spec, errors);
            CompiledPolicy.Compile(request.Object, errors);
            Refuse(request, errors);
        }
        else if (request.Type == BuiltinResources.ValidatingAdmissionPolicyBindings)
        {
            var errors = new List<FieldError>();
            var spec = request.Object["spec"] as JsonObject ?? request.Object.Child("spec");
            Default(spec["matchResources"] as JsonObject);
            ValidateBindingSpec(spec, errors);
            Refuse(request, errors);
        }
    }

    private static void Refuse(AdmissionRequest request, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), errors);
        }
    }

    private static void Default(JsonObject? match)
    {
        if (match is null)
        {
            return;
        }

        match["matchPolicy"] ??= "Equivalent";
        match["namespaceSelector"] ??= new JsonObject();
        match["objectSelector"] ??= new JsonObject();
        foreach (var rules in new[] { "resourceRules", "excludeResourceRules" })
        {
            foreach (var rule in (match[rules] as JsonArray ?? []).OfType<JsonObject>())
            {
                rule["scope"] ??= "*";
            }
        }
    }

    private static void ValidatePolicySpec(JsonObject spec, List<FieldError> errors)
    {
        if (spec.Str("failurePolicy") is { } failure && failure is not ("Fail" or "Ignore"))
        {
            errors.Add(NotSupported("spec.failurePolicy", failure, "Fail", "Ignore"));
        }

        if (spec["paramKind"] is JsonObject paramKind)
        {
            if (string.IsNullOrEmpty(paramKind.Str("apiVersion")))
            {
                errors.Add(Required("spec.paramKind.apiVersion"));
            }

            if (string.IsNullOrEmpty(paramKind.Str("kind")))
            {
                errors.Add(Required("spec.paramKind.kind"));
            }
        }

        if (spec["matchConstraints"] is not JsonObject match)
        {
            errors.Add(Required("spec.matchConstraints"));
            return;
        }

        ValidateMatchResources(match, "spec.matchConstraints", errors);
        if (match["resourceRules"] is not JsonArray { Count: > 0 })
        {
            errors.Add(Required("spec.matchConstraints.resourceRules"));
        }
    }

    private static void ValidateBindingSpec(JsonObject spec, List<FieldError> errors)
    {
        var policyName = spec.Str("policyName");
        if (string.IsNullOrEmpty(policyName))
        {
            errors.Add(Required("spec.policyName"));
        }
        else
        {
            errors.AddRange(NameRules.Validate(policyName, dnsLabel: false).Select(e => e with { Field = "spec.policyName" }));
        }

        if (spec["paramRef"] is JsonObject paramRef)
        {
            ValidateParamRef(paramRef, errors);
        }

        if (spec["matchResources"] is JsonObject match)
        {
            // Upstream names the field with its typo ("matchResouces") in these errors.
            ValidateMatchResources(match, "spec.matchResouces", errors);
        }

        var actions = (spec["validationActions"] as JsonArray ?? []).Select(a => a?.GetValue<string>() ?? "").ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            if (actions[i] is not ("Deny" or "Warn" or "Audit"))
            {
                errors.Add(NotSupported($"spec.validationActions[{i}]", actions[i], "Audit", "Deny", "Warn"));
            }

            if (!seen.Add(actions[i]))
            {
                errors.Add(new FieldError($"spec.validationActions[{i}]", "FieldValueDuplicate", $"Duplicate value: {GoText.Quote(actions[i])}"));
            }
        }

        if (seen.Contains("Deny") && seen.Contains("Warn"))
        {
            errors.Add(new FieldError("spec.validationActions", "FieldValueInvalid",
                $"Invalid value: []string{{{string.Join(", ", actions.Select(GoText.Quote))}}}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
        }

        if (seen.Count == 0)
        {
            errors.Add(new FieldError("spec.validationActions", "FieldValueRequired", "Required value: at least one validation action is required"));
        }
    }

    private static void ValidateParamRef(JsonObject paramRef, List<FieldError> errors)
    {
        var name = paramRef.Str("name");
        var selector = paramRef["selector"] as JsonObject;
        if (!string.IsNullOrEmpty(name))
        {
            errors.AddRange(NameRules.Validate(name, dnsLabel: false, pathSegment: true).Select(e => e with { Field = "spec.paramRef.name" }));
            if (selector is not null)
            {
                errors.Add(new FieldError("spec.paramRef.name", "FieldValueForbidden", "Forbidden: name and selector are mutually exclusive"));
            }
        }

        if (selector is not null)
        {
            ValidateSelector(selector, "spec.paramRef.selector", errors);
            if (!string.IsNullOrEmpty(name))
            {
                errors.Add(new FieldError("spec.paramRef.selector", "FieldValueForbidden", "Forbidden: name and selector are mutually exclusive"));
            }
        }

        if (string.IsNullOrEmpty(name) && selector is null)
        {
            errors.Add(new FieldError("spec.paramRef", "FieldValueRequired", "Required value: one of name or selector must be specified"));
        }

        var action = paramRef.Str("parameterNotFoundAction");
        if (string.IsNullOrEmpty(action))
        {
            errors.Add(Required("spec.paramRef.parameterNotFoundAction"));
        }
        else if (action is not ("Deny" or "Allow"))
        {
            errors.Add(NotSupported("spec.paramRef.parameterNotFoundAction", action, "Deny", "Allow"));
        }
    }

    private static void ValidateMatchResources(JsonObject match, string at, List<FieldError> errors)
    {
        if (match.Str("matchPolicy") is { } policy && policy is not ("Equivalent" or "Exact"))
        {
            errors.Add(NotSupported(at + ".matchPolicy", policy, "Equivalent", "Exact"));
        }

        ValidateSelector(match["namespaceSelector"] as JsonObject, at + ".namespaceSelector", errors);
        ValidateSelector(match["objectSelector"] as JsonObject, at + ".objectSelector", errors);
        foreach (var rules in new[] { "resourceRules", "excludeResourceRules" })
        {
            var list = match[rules] as JsonArray ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                ValidateRule(list[i] as JsonObject ?? [], $"{at}.{rules}[{i}]", errors);
            }
        }
    }

    /// <summary>validateRuleWithOperations: every list required, operations and scope from their sets.</summary>
    private static void ValidateRule(JsonObject rule, string at, List<FieldError> errors)
    {
        foreach (var list in new[] { "apiGroups", "apiVersions", "resources", "operations" })
        {
            if (rule[list] is not JsonArray { Count: > 0 })
            {
                errors.Add(Required($"{at}.{list}"));
            }
        }

        var operations = rule["operations"] as JsonArray ?? [];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i]?.GetValue<string>() ?? "";
            if (!Operations.Contains(operation))
            {
                errors.Add(NotSupported($"{at}.operations[{i}]", operation, Operations));
            }
        }

        if (rule.Str("scope") is { } scope && scope is not ("*" or "Cluster" or "Namespaced"))
        {
            errors.Add(NotSupported(at + ".scope", scope, "*", "Cluster", "Namespaced"));
        }
    }

    private static void ValidateSelector(JsonObject? selector, string at, List<FieldError> errors)
    {
        if (selector is null)
        {
            return;
        }

        try
        {
            LabelSelector.FromJson(selector);
        }
        catch (FormatException e)
        {
            errors.Add(new FieldError(at, "FieldValueInvalid", $"Invalid value: {e.Message}"));
        }
    }

    private static FieldError Required(string field) => new(field, "FieldValueRequired", "Required value");

    private static FieldError NotSupported(string field, string value, params string[] supported) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {GoText.Quote(value)}: supported values: {string.Join(", ", supported.Select(GoText.Quote))}");
}
