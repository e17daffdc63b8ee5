using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>A RoleBinding or ClusterRoleBinding as the authorizer reads it: its role reference and subjects.</summary>
internal sealed record RbacBinding(string Name, string Namespace, string RoleKind, string RoleName, IReadOnlyList<RbacSubject> Subjects)
{
    public static RbacBinding Parse(JsonObject binding) => new(
        binding.Name(),
        binding.Namespace() ?? "",
        binding["roleRef"].Str("kind") ?? "",
        binding["roleRef"].Str("name") ?? "",
        binding["subjects"] is JsonArray subjects
            ? subjects.OfType<JsonObject>().Select(s => new RbacSubject(s.Str("kind") ?? "", s.Str("name") ?? "", s.Str("namespace") ?? "")).ToList()
            : []);

    /// <summary>The first subject naming this user, as rbac.appliesTo (a service account without a namespace is in the binding's).</summary>
    public RbacSubject? SubjectFor(UserInfo user) => Subjects.FirstOrDefault(s => s.Kind switch
    {
        "User" => s.Name == user.Name,
        "Group" => user.InGroup(s.Name),
        "ServiceAccount" => (s.Namespace.Length > 0 ? s.Namespace : Namespace) is { Length: > 0 } ns && UserInfo.ServiceAccountName(ns, s.Name) == user.Name,
        _ => false,
    });

    /// <summary>The source an allowed request names: <c>RoleBinding "NAME/NS" of Role "R" to User "U"</c>, as rbac's describers write it.</summary>
    public string Describe(RbacSubject subject)
    {
        var who = subject.Kind == "ServiceAccount"
            ? $"{subject.Kind} \"{subject.Name}/{(subject.Namespace.Length > 0 ? subject.Namespace : Namespace)}\""
            : $"{subject.Kind} \"{subject.Name}\"";
        return Namespace.Length == 0
            ? $"ClusterRoleBinding \"{Name}\" of {RoleKind} \"{RoleName}\" to {who}"
            : $"RoleBinding \"{Name}/{Namespace}\" of {RoleKind} \"{RoleName}\" to {who}";
    }
}

internal sealed record RbacSubject(string Kind, string Name, string Namespace);
