using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Selectors;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// rbac/v1 validation of Roles and ClusterRoles (pkg/apis/rbac/validation): every rule names verbs, and either
/// apiGroups and resources or (cluster roles only) nonResourceURLs, never both; resourceNames with one resource only;
/// an aggregationRule has at least one clusterRoleSelector, each a valid label selector. Worded as the apiserver
/// words it, so a role kube-apiserver refuses is refused here too (and never reaches the aggregation controller).
/// </summary>
internal sealed class RbacRoleValidation : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        var isClusterRole = request.Type == BuiltinResources.ClusterRoles;
        if ((!isClusterRole && request.Type != BuiltinResources.Roles) || request.Subresource is not null)
        {
            return;
        }

        var errors = new List<FieldError>();
        var rules = request.Object["rules"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            errors.AddRange(PolicyRule(rules[i] as JsonObject ?? [], namespaced: !isClusterRole, $"rules[{i}]"));
        }

        if (isClusterRole && request.Object["aggregationRule"] is JsonObject aggregation)
        {
            var selectors = aggregation["clusterRoleSelectors"] as JsonArray ?? [];
            if (selectors.Count == 0)
            {
                errors.Add(new FieldError("aggregationRule.clusterRoleSelectors", "FieldValueRequired",
                    "Required value: at least one clusterRoleSelector required if aggregationRule is non-nil"));
            }

            for (var i = 0; i < selectors.Count; i++)
            {
                var path = $"aggregationRule.clusterRoleSelectors[{i}]";
                var selectorErrors = LabelSelector(selectors[i] as JsonObject ?? [], path).ToList();
                errors.AddRange(selectorErrors);
                if (selectorErrors.Count > 0)
                {
                    // metav1.LabelSelectorAsSelector fails on the same input; upstream reports that too, its value nil.
                    errors.Add(new FieldError(path, "FieldValueInvalid", "Invalid value: \"null\": invalid label selector."));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), errors);
        }
    }

    private static IEnumerable<FieldError> PolicyRule(JsonObject rule, bool namespaced, string path)
    {
        var verbs = Strings(rule["verbs"]);
        var groups = Strings(rule["apiGroups"]);
        var resources = Strings(rule["resources"]);
        var names = Strings(rule["resourceNames"]);
        var urls = Strings(rule["nonResourceURLs"]);
        if (verbs.Count == 0)
        {
            yield return new FieldError($"{path}.verbs", "FieldValueRequired", "Required value: verbs must contain at least one value");
        }

        if (urls.Count > 0)
        {
            if (namespaced)
            {
                yield return new FieldError($"{path}.nonResourceURLs", "FieldValueInvalid",
                    $"Invalid value: {GoFormat.StringSlice(urls)}: namespaced rules cannot apply to non-resource URLs");
            }

            if (groups.Count > 0 || resources.Count > 0 || names.Count > 0)
            {
                yield return new FieldError($"{path}.nonResourceURLs", "FieldValueInvalid",
                    $"Invalid value: {GoFormat.StringSlice(urls)}: rules cannot apply to both regular resources and non-resource URLs");
            }

            yield break;
        }

        if (groups.Count == 0)
        {
            yield return new FieldError($"{path}.apiGroups", "FieldValueRequired", "Required value: resource rules must supply at least one api group");
        }

        if (resources.Count == 0)
        {
            yield return new FieldError($"{path}.resources", "FieldValueRequired", "Required value: resource rules must supply at least one resource");
        }

        if (names.Count > 0 && resources.Count > 1)
        {
            yield return new FieldError($"{path}.resourceNames", "FieldValueRequired", "Required value: resource names cannot apply to multiple resources");
        }
    }

    /// <summary>unversioned ValidateLabelSelector: label names and values of matchLabels, each requirement's operator,
    /// key and values.</summary>
    private static IEnumerable<FieldError> LabelSelector(JsonObject selector, string path)
    {
        foreach (var (key, value) in selector.StringMap("matchLabels").OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            foreach (var message in LabelValidation.QualifiedNameErrors(key))
            {
                yield return new FieldError($"{path}.matchLabels", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(key)}: {message}");
            }

            foreach (var message in LabelValidation.LabelValueErrors(value))
            {
                yield return new FieldError($"{path}.matchLabels", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(value)}: {message}");
            }
        }

        var expressions = selector.Objects("matchExpressions").ToList();
        for (var i = 0; i < expressions.Count; i++)
        {
            var at = $"{path}.matchExpressions[{i}]";
            var op = expressions[i].Str("operator") ?? "";
            var values = Strings(expressions[i]["values"]);
            switch (op)
            {
                case "In" or "NotIn" when values.Count == 0:
                    yield return new FieldError($"{at}.values", "FieldValueRequired", "Required value: must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist" when values.Count > 0:
                    yield return new FieldError($"{at}.values", "FieldValueForbidden", "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    yield return new FieldError($"{at}.operator", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(op)}: not a valid selector operator");
                    break;
            }

            var key = expressions[i].Str("key") ?? "";
            foreach (var message in LabelValidation.QualifiedNameErrors(key))
            {
                yield return new FieldError($"{at}.key", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(key)}: {message}");
            }

            for (var v = 0; v < values.Count; v++)
            {
                foreach (var message in LabelValidation.LabelValueErrors(values[v]))
                {
                    yield return new FieldError($"{at}.values[{v}]", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(values[v])}: {message}");
                }
            }
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray list ? [.. list.Select(n => n?.ToString() ?? "")] : [];
}
