using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>One rbac/v1 PolicyRule, and whether it allows a request, as rbac.RuleAllows and its matchers decide.</summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    public static PolicyRule Parse(JsonObject rule) =>
        new(Strings(rule, "verbs"), Strings(rule, "apiGroups"), Strings(rule, "resources"), Strings(rule, "resourceNames"), Strings(rule, "nonResourceURLs"));

    public bool Allows(AuthorizationAttributes request)
    {
        if (!VerbMatches(request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return NonResourceUrlMatches(request.Path);
        }

        var combined = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        return ApiGroupMatches(request.Group) && ResourceMatches(combined, request.Subresource) && ResourceNameMatches(request.Name);
    }

    public bool VerbMatches(string verb) => Verbs.Any(v => v == "*" || v == verb);

    public bool ApiGroupMatches(string group) => ApiGroups.Any(g => g == "*" || g == group);

    /// <summary><c>*</c>, the exact <c>resource</c> or <c>resource/subresource</c>, or <c>*/subresource</c> for any resource's subresource.</summary>
    public bool ResourceMatches(string combined, string subresource) => Resources.Any(r =>
        r == "*" || r == combined || (subresource.Length > 0 && r.Length == subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(subresource, StringComparison.Ordinal)));

    /// <summary>No resourceNames allows every name; otherwise only those (so never a create, which has no name yet, nor a list).</summary>
    public bool ResourceNameMatches(string name) => ResourceNames.Count == 0 || ResourceNames.Contains(name, StringComparer.Ordinal);

    /// <summary><c>*</c>, the exact path, or a prefix ending in <c>*</c>.</summary>
    public bool NonResourceUrlMatches(string path) => NonResourceUrls.Any(u =>
        u == "*" || u == path || (u.EndsWith('*') && path.StartsWith(u.TrimEnd('*'), StringComparison.Ordinal)));

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["verbs"] = Array(Verbs) };
        if (NonResourceUrls.Count > 0)
        {
            json["nonResourceURLs"] = Array(NonResourceUrls);
        }

        if (ApiGroups.Count > 0 || Resources.Count > 0)
        {
            json["apiGroups"] = Array(ApiGroups);
            json["resources"] = Array(Resources);
        }

        if (ResourceNames.Count > 0)
        {
            json["resourceNames"] = Array(ResourceNames);
        }

        return json;
    }

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());

    private static IReadOnlyList<string> Strings(JsonObject rule, string field) =>
        rule[field] is JsonArray list ? list.Select(v => v?.ToString() ?? "").ToList() : [];
}
