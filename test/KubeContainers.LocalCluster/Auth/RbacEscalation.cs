using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// The RBAC registry's escalation checks (pkg/registry/rbac): a user may write a Role or ClusterRole only with rules
/// it already holds (or verb <c>escalate</c> on it), an aggregated ClusterRole (or one that was) only with full
/// authority as well, and a
/// RoleBinding or ClusterRoleBinding only to a role whose rules it holds (or verb <c>bind</c> on that role).
/// <c>system:masters</c> may do all of it. A refusal is 403 naming the rules it lacks, as
/// <c>ConfirmNoEscalation</c> words it.
/// </summary>
public static class RbacEscalation
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    private static readonly PolicyRule[] FullAuthority = [new(["*"], ["*"], ["*"], [], []), new(["*"], [], [], [], ["*"])];

    /// <summary>Throws 403 when <paramref name="user"/> may not write <paramref name="obj"/> (the object as it would be stored).</summary>
    public static void Check(RbacAuthorizer authorizer, ObjectStore store, UserInfo user, ResourceType type, string? ns, string? requestName, JsonObject obj)
    {
        if (user.InGroup(UserInfo.Masters))
        {
            return;
        }

        var name = obj.Name();
        if (type == BuiltinResources.Roles || type == BuiltinResources.ClusterRoles)
        {
            var escalate = new AuthorizationAttributes(user, "escalate", true, "", RbacGroup, "*", type.Plural, "", ns ?? "", requestName ?? "");
            if (authorizer.Authorize(escalate).Allowed)
            {
                return;
            }

            var rules = obj["rules"] is JsonArray list ? list.OfType<JsonObject>().Select(PolicyRule.Parse).ToList() : [];
            Confirm(authorizer, user, ns, type, name, rules);

            // An aggregationRule gathers anything, and taking one away stops the controller from tightening the role:
            // setting, changing or removing one needs * on *.* (the stored role's counts as much as the new one's).
            var old = requestName is null ? null : store.Get(type.StorageKey, ns, requestName)?.ToJsonObject();
            if (type == BuiltinResources.ClusterRoles && (HasAggregationRule(obj) || HasAggregationRule(old))
                && Missing(authorizer, user, ns, FullAuthority).Count > 0)
            {
                throw Forbidden(type, name, "must have cluster-admin privileges to use the aggregationRule");
            }

            return;
        }

        if (type == BuiltinResources.RoleBindings || type == BuiltinResources.ClusterRoleBindings)
        {
            var roleKind = obj["roleRef"].Str("kind") ?? "";
            var roleName = obj["roleRef"].Str("name") ?? "";
            var roleResource = roleKind switch { "ClusterRole" => "clusterroles", "Role" => "roles", _ => "" };
            var bind = new AuthorizationAttributes(user, "bind", true, "", obj["roleRef"].Str("apiGroup") ?? "", "", roleResource, "", ns ?? "", roleName);
            if (roleResource.Length > 0 && authorizer.Authorize(bind).Allowed)
            {
                return;
            }

            var role = roleKind switch
            {
                "ClusterRole" => store.Get(BuiltinResources.ClusterRoles.StorageKey, null, roleName)
                    ?? throw Forbidden(type, name, $"clusterrole.rbac.authorization.k8s.io \"{roleName}\" not found"),
                "Role" => store.Get(BuiltinResources.Roles.StorageKey, ns, roleName)
                    ?? throw Forbidden(type, name, $"role.rbac.authorization.k8s.io \"{roleName}\" not found"),
                _ => throw Forbidden(type, name, $"unsupported role reference kind: \"{roleKind}\""),
            };
            var rules = role.ToJsonObject()["rules"] is JsonArray list ? list.OfType<JsonObject>().Select(PolicyRule.Parse).ToList() : [];
            Confirm(authorizer, user, ns, type, name, rules);
        }
    }

    /// <summary>hasAggregationRule: an aggregationRule with at least one selector.</summary>
    private static bool HasAggregationRule(JsonObject? role) =>
        role?["aggregationRule"]?["clusterRoleSelectors"] is JsonArray { Count: > 0 };

    private static void Confirm(RbacAuthorizer authorizer, UserInfo user, string? ns, ResourceType type, string name, IReadOnlyList<PolicyRule> rules)
    {
        var missing = Missing(authorizer, user, ns, rules);
        if (missing.Count == 0)
        {
            return;
        }

        var held = string.Join("\n", Compact(missing).Select(CompactString).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        throw Forbidden(type, name, $"user \"{user.Name}\" (groups={GoQuoted(user.Groups)}) is attempting to grant RBAC permissions not currently held:\n{held}");
    }

    /// <summary>Every atomic rule (one group, resource, verb and name, or one URL and verb) of <paramref name="rules"/> the user does not hold.</summary>
    internal static List<PolicyRule> Missing(RbacAuthorizer authorizer, UserInfo user, string? ns, IReadOnlyList<PolicyRule> rules)
    {
        var owned = authorizer.RulesFor(user, ns ?? "").Rules;
        return rules.SelectMany(Breakdown).Where(sub => !owned.Any(o => Covers(o, sub))).ToList();
    }

    /// <summary>validation.BreakdownRule.</summary>
    private static IEnumerable<PolicyRule> Breakdown(PolicyRule rule)
    {
        foreach (var group in rule.ApiGroups)
        {
            foreach (var resource in rule.Resources)
            {
                foreach (var verb in rule.Verbs)
                {
                    if (rule.ResourceNames.Count == 0)
                    {
                        yield return new PolicyRule([verb], [group], [resource], [], []);
                    }

                    foreach (var name in rule.ResourceNames)
                    {
                        yield return new PolicyRule([verb], [group], [resource], [name], []);
                    }
                }
            }
        }

        foreach (var url in rule.NonResourceUrls)
        {
            foreach (var verb in rule.Verbs)
            {
                yield return new PolicyRule([verb], [], [], [], [url]);
            }
        }
    }

    /// <summary>validation.ruleCovers: the owner's rule grants everything the (atomic) sub-rule does.</summary>
    internal static bool Covers(PolicyRule owner, PolicyRule sub)
    {
        var verbs = owner.Verbs.Contains("*") || sub.Verbs.All(owner.Verbs.Contains);
        var groups = owner.ApiGroups.Contains("*") || sub.ApiGroups.All(owner.ApiGroups.Contains);
        var resources = owner.Resources.Contains("*") || sub.Resources.All(r =>
            owner.Resources.Contains(r) || (r.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 && owner.Resources.Contains("*" + r[slash..])));
        var urls = sub.NonResourceUrls.All(path => owner.NonResourceUrls.Any(o =>
            o == path || (o.EndsWith('*') && path.StartsWith(o.TrimEnd('*'), StringComparison.Ordinal))));
        var names = owner.ResourceNames.Count == 0 || (sub.ResourceNames.Count > 0 && sub.ResourceNames.All(owner.ResourceNames.Contains));
        return verbs && groups && resources && urls && names;
    }

    /// <summary>validation.CompactRules: rules for one group, resource and at most one name merged, verbs gathered.</summary>
    private static IEnumerable<PolicyRule> Compact(IEnumerable<PolicyRule> rules)
    {
        var simple = new Dictionary<(string, string, string), List<string>>();
        var order = new List<(string, string, string)>();
        foreach (var rule in rules)
        {
            if (rule is { ApiGroups.Count: 1, Resources.Count: 1, ResourceNames.Count: <= 1, NonResourceUrls.Count: 0, Verbs.Count: > 0 })
            {
                var key = (rule.ApiGroups[0], rule.Resources[0], rule.ResourceNames.FirstOrDefault() ?? "");
                if (!simple.TryGetValue(key, out var verbs))
                {
                    simple[key] = verbs = [];
                    order.Add(key);
                }

                verbs.AddRange(rule.Verbs.Where(v => !verbs.Contains(v)));
            }
            else
            {
                yield return rule;
            }
        }

        foreach (var key in order)
        {
            yield return new PolicyRule(simple[key], [key.Item1], [key.Item2], key.Item3.Length > 0 ? [key.Item3] : [], []);
        }
    }

    /// <summary>rbacv1helpers.CompactString: <c>{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}</c>.</summary>
    private static string CompactString(PolicyRule rule)
    {
        var parts = new List<string>();
        if (rule.ApiGroups.Count > 0)
        {
            parts.Add($"APIGroups:{GoQuoted(rule.ApiGroups)}");
        }

        if (rule.Resources.Count > 0)
        {
            parts.Add($"Resources:{GoQuoted(rule.Resources)}");
        }

        if (rule.NonResourceUrls.Count > 0)
        {
            parts.Add($"NonResourceURLs:{GoQuoted(rule.NonResourceUrls)}");
        }

        if (rule.ResourceNames.Count > 0)
        {
            parts.Add($"ResourceNames:{GoQuoted(rule.ResourceNames)}");
        }

        if (rule.Verbs.Count > 0)
        {
            parts.Add($"Verbs:{GoQuoted(rule.Verbs)}");
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>Go's %q of a []string: <c>["a" "b"]</c>.</summary>
    private static string GoQuoted(IEnumerable<string> values) =>
        "[" + string.Join(" ", values.Select(v => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";

    private static ApiException Forbidden(ResourceType type, string name, string why) => ApiException.Forbidden(type, name, why);
}
