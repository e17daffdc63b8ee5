using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>An authorizer's answer: allowed or not, and why (the reason the 403 message and access reviews carry).</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason);

/// <summary>
/// kube-apiserver's authorizer chain as kubeadm configures it (minus the Node authorizer, which has no opinion on any
/// user but a kubelet): members of <c>system:masters</c> may do anything, everyone else what the RBAC objects in the
/// store grant, evaluated as plugin/pkg/auth/authorizer/rbac does: every ClusterRoleBinding, then the RoleBindings of
/// the request's namespace; a binding whose role is missing adds an error to the reason (<c>RBAC: role... not found</c>).
/// Parsed bindings and roles are cached per stored revision, so a request costs no JSON parsing once they are read.
/// </summary>
public sealed class RbacAuthorizer(ObjectStore store)
{
    private readonly ConditionalWeakTable<StoredObject, object> _parsed = new();

    public AuthorizationDecision Authorize(AuthorizationAttributes request)
    {
        if (request.User.InGroup(UserInfo.Masters))
        {
            return new AuthorizationDecision(true, "");
        }

        string? allowedBy = null;
        var errors = Visit(request.User, request.Namespace, (source, rule) =>
        {
            if (rule.Allows(request))
            {
                allowedBy = source;
                return false;
            }

            return true;
        });
        if (allowedBy is not null)
        {
            return new AuthorizationDecision(true, $"RBAC: allowed by {allowedBy}");
        }

        return new AuthorizationDecision(false, errors.Count > 0 ? $"RBAC: {Aggregate(errors)}" : "");
    }

    /// <summary>Every rule that applies to the user in a namespace (cluster-wide ones included), and the errors met, as RulesFor.</summary>
    public (IReadOnlyList<PolicyRule> Rules, IReadOnlyList<string> Errors) RulesFor(UserInfo user, string ns)
    {
        var rules = new List<PolicyRule>();
        if (user.InGroup(UserInfo.Masters))
        {
            rules.Add(new PolicyRule(["*"], ["*"], ["*"], [], []));
            rules.Add(new PolicyRule(["*"], [], [], [], ["*"]));
        }

        var errors = Visit(user, ns, (_, rule) =>
        {
            rules.Add(rule);
            return true;
        });
        return (rules, errors);
    }

    /// <summary>Upstream's utilerrors aggregate: one message alone, several deduplicated in brackets.</summary>
    internal static string Aggregate(IReadOnlyList<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : $"[{string.Join(", ", distinct)}]";
    }

    /// <summary>Calls <paramref name="visit"/> with each rule granted to the user until it returns false; returns the errors met.</summary>
    private List<string> Visit(UserInfo user, string ns, Func<string, PolicyRule, bool> visit)
    {
        var errors = new List<string>();
        foreach (var stored in store.Current(BuiltinResources.ClusterRoleBindings.StorageKey, null))
        {
            if (!VisitBinding(Binding(stored), user, visit, errors))
            {
                return errors;
            }
        }

        if (ns.Length > 0)
        {
            foreach (var stored in store.Current(BuiltinResources.RoleBindings.StorageKey, ns))
            {
                if (!VisitBinding(Binding(stored), user, visit, errors))
                {
                    return errors;
                }
            }
        }

        return errors;
    }

    private bool VisitBinding(RbacBinding binding, UserInfo user, Func<string, PolicyRule, bool> visit, List<string> errors)
    {
        if (binding.SubjectFor(user) is not { } subject)
        {
            return true;
        }

        var rules = RoleRules(binding, errors);
        var source = binding.Describe(subject);
        foreach (var rule in rules)
        {
            if (!visit(source, rule))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>rbac's GetRoleReferenceRules: a RoleBinding may name a Role of its namespace or a ClusterRole; a ClusterRoleBinding a ClusterRole.</summary>
    private IReadOnlyList<PolicyRule> RoleRules(RbacBinding binding, List<string> errors)
    {
        switch (binding.RoleKind)
        {
            case "Role" when binding.Namespace.Length > 0:
                if (store.Get(BuiltinResources.Roles.StorageKey, binding.Namespace, binding.RoleName) is { } role)
                {
                    return Rules(role);
                }

                errors.Add($"role.rbac.authorization.k8s.io \"{binding.RoleName}\" not found");
                return [];
            case "ClusterRole":
                if (store.Get(BuiltinResources.ClusterRoles.StorageKey, null, binding.RoleName) is { } clusterRole)
                {
                    return Rules(clusterRole);
                }

                errors.Add($"clusterrole.rbac.authorization.k8s.io \"{binding.RoleName}\" not found");
                return [];
            default:
                errors.Add($"unsupported role reference kind: \"{binding.RoleKind}\"");
                return [];
        }
    }

    private RbacBinding Binding(StoredObject stored) =>
        (RbacBinding)_parsed.GetValue(stored, static s => RbacBinding.Parse(s.ToJsonObject()));

    private IReadOnlyList<PolicyRule> Rules(StoredObject stored) =>
        (IReadOnlyList<PolicyRule>)_parsed.GetValue(stored, static s =>
            s.ToJsonObject()["rules"] is JsonArray rules ? rules.OfType<JsonObject>().Select(PolicyRule.Parse).ToList() : new List<PolicyRule>());
}
