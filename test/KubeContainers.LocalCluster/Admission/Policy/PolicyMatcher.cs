using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Selectors;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission.Policy;

/// <summary>
/// Whether a request falls under a MatchResources (a policy's matchConstraints, a binding's matchResources), as
/// upstream's policy/matching does: the namespace selector (on the namespace's labels; a Namespace is matched on its
/// own labels; any other cluster-scoped object always passes), the object selector (on the new or the old object's
/// labels), none of the excludeResourceRules and one of the resourceRules (any resource when there are none).
/// </summary>
internal static class PolicyMatcher
{
    public static bool Matches(JsonObject match, AdmissionRequest request, JsonObject? namespaceObject)
    {
        if (!NamespaceMatches(match, request, namespaceObject) || !ObjectMatches(match, request))
        {
            return false;
        }

        if (Rules(match, "excludeResourceRules").Any(r => RuleMatches(r, request)))
        {
            return false;
        }

        // No resourceRules (a binding's matchResources may leave them out) matches every resource.
        var rules = Rules(match, "resourceRules").ToList();
        return rules.Count == 0 || rules.Any(r => RuleMatches(r, request));
    }

    private static IEnumerable<JsonObject> Rules(JsonObject match, string name) =>
        match[name] is JsonArray rules ? rules.OfType<JsonObject>() : [];

    private static bool NamespaceMatches(JsonObject match, AdmissionRequest request, JsonObject? namespaceObject)
    {
        var selector = LabelSelector.FromJson(match["namespaceSelector"] as JsonObject ?? []);
        if (selector.IsEverything)
        {
            return true;
        }

        if (request.Type == BuiltinResources.Namespaces)
        {
            return selector.Matches(request.Object);
        }

        return !request.Type.Namespaced || (namespaceObject is not null && selector.Matches(namespaceObject));
    }

    private static bool ObjectMatches(JsonObject match, AdmissionRequest request)
    {
        var selector = LabelSelector.FromJson(match["objectSelector"] as JsonObject ?? []);
        return selector.IsEverything || selector.Matches(request.Object) || (request.OldObject is { } old && selector.Matches(old));
    }

    private static bool RuleMatches(JsonObject rule, AdmissionRequest request)
    {
        var type = request.Type;
        return Contains(rule["operations"], request.Operation)
            && Contains(rule["apiGroups"], type.Group)
            && Contains(rule["apiVersions"], type.Version)
            && ResourceMatches(rule["resources"] as JsonArray, type.Plural, request.Subresource)
            && ScopeMatches(rule.Str("scope") ?? "*", type)
            && NameMatches(rule["resourceNames"] as JsonArray, request.Object.Name());
    }

    private static bool Contains(JsonNode? list, string value) =>
        list is JsonArray values && values.Any(v => v?.GetValue<string>() is { } s && (s == "*" || s == value));

    /// <summary>"pods" is the resource alone, "pods/status" a subresource, "*" every resource (no subresource),
    /// "pods/*" a resource and all its subresources, "*/status" that subresource of every resource, "*/*" everything.</summary>
    private static bool ResourceMatches(JsonArray? resources, string plural, string? subresource)
    {
        foreach (var entry in (resources ?? []).Select(r => r?.GetValue<string>() ?? ""))
        {
            if (entry == "*/*")
            {
                return true;
            }

            var slash = entry.IndexOf('/');
            var resource = slash < 0 ? entry : entry[..slash];
            var sub = slash < 0 ? null : entry[(slash + 1)..];
            if (resource != "*" && resource != plural)
            {
                continue;
            }

            if (sub is null ? subresource is null : sub == "*" || sub == subresource)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ScopeMatches(string scope, ResourceType type) => scope switch
    {
        "Cluster" => !type.Namespaced,
        "Namespaced" => type.Namespaced,
        _ => true,
    };

    private static bool NameMatches(JsonArray? names, string name) =>
        names is not { Count: > 0 } || names.Any(n => n?.GetValue<string>() == name);
}
