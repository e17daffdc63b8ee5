namespace KubeContainers.LocalCluster.Auth;

/// <summary>Who made a request, as the apiserver's user.Info: name, uid, groups and extra.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Anonymous = "system:anonymous";
    public const string ServiceAccountPrefix = "system:serviceaccount:";
    public const string ServiceAccountsGroup = "system:serviceaccounts";

    // Declared before the users below, which use it.
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Empty { get; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The user the cluster's own kubeconfig authenticates as.</summary>
    public static UserInfo Admin { get; } = new("kubecontainers-admin", "", [Masters, Authenticated], Empty);

    /// <summary>A request without credentials, where anonymous requests are allowed (the health endpoints).</summary>
    public static UserInfo AnonymousUser { get; } = new(Anonymous, "", [Unauthenticated], Empty);

    /// <summary>"system:serviceaccount:NS:NAME", as serviceaccount.MakeUsername.</summary>
    public static string ServiceAccountName(string ns, string name) => $"{ServiceAccountPrefix}{ns}:{name}";

    /// <summary>The groups every service account of a namespace is in, as serviceaccount.MakeGroupNames (plus system:authenticated).</summary>
    public static IReadOnlyList<string> ServiceAccountGroups(string ns) => [ServiceAccountsGroup, $"{ServiceAccountsGroup}:{ns}", Authenticated];

    /// <summary>The namespace and name of a service account user name, or null for any other user.</summary>
    public static (string Namespace, string Name)? SplitServiceAccount(string userName)
    {
        if (!userName.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = userName[ServiceAccountPrefix.Length..].Split(':');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } name] ? (ns, name) : null;
    }

    public bool InGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
