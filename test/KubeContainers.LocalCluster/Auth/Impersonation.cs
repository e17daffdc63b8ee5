using KubeContainers.LocalCluster.Api;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// The <c>Impersonate-User</c>, <c>Impersonate-Group</c>, <c>Impersonate-Uid</c> and <c>Impersonate-Extra-KEY</c> headers
/// (kubectl <c>--as</c>, <c>--as-group</c>, <c>--as-uid</c>), as the apiserver's impersonation filter handles them: each
/// one must be allowed to the caller as verb <c>impersonate</c> on <c>users</c>, <c>serviceaccounts</c> (a
/// <c>system:serviceaccount:NS:NAME</c> user, in its namespace), <c>groups</c>, <c>uids</c> or
/// <c>userextras/KEY</c> (group authentication.k8s.io), else 403; then the request is made as the impersonated user,
/// with <c>system:authenticated</c> added (and a service account's groups when no group is asked for).
/// </summary>
public static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";

    /// <summary>The user the request acts as: the caller, or whom it impersonates when allowed (403 otherwise).</summary>
    public static UserInfo Apply(HttpRequest request, UserInfo caller, Func<AuthorizationAttributes, AuthorizationDecision> authorize)
    {
        var userName = request.Headers[UserHeader].FirstOrDefault();
        var requestedGroups = request.Headers[GroupHeader].Where(g => g is not null).Select(g => g!).ToList();
        var uid = request.Headers[UidHeader].FirstOrDefault();
        var extraHeaders = request.Headers.Where(h => h.Key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (string.IsNullOrEmpty(userName))
        {
            if (requestedGroups.Count > 0 || uid is not null || extraHeaders.Count > 0)
            {
                throw ApiException.Internal("requested impersonation of groups, uid or extra without impersonating a user");
            }

            return caller;
        }

        var checks = new List<AuthorizationAttributes>();
        var groups = new List<string>();
        if (UserInfo.SplitServiceAccount(userName) is var (ns, name))
        {
            checks.Add(new AuthorizationAttributes(caller, "impersonate", true, request.Path.Value ?? "", Version: "v1", Resource: "serviceaccounts", Namespace: ns, Name: name));
            if (requestedGroups.Count == 0)
            {
                groups.AddRange(UserInfo.ServiceAccountGroups(ns).Where(g => g != UserInfo.Authenticated));
            }
        }
        else
        {
            checks.Add(new AuthorizationAttributes(caller, "impersonate", true, request.Path.Value ?? "", Version: "v1", Resource: "users", Name: userName));
        }

        foreach (var group in requestedGroups)
        {
            checks.Add(new AuthorizationAttributes(caller, "impersonate", true, request.Path.Value ?? "", Version: "v1", Resource: "groups", Name: group));
            groups.Add(group);
        }

        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (header, values) in extraHeaders)
        {
            // The key is percent-encoded in the header name and matched lower-cased, as upstream.
            var key = Uri.UnescapeDataString(header[ExtraPrefix.Length..]).ToLowerInvariant();
            var list = values.Where(v => v is not null).Select(v => v!).ToList();
            foreach (var value in list)
            {
                checks.Add(new AuthorizationAttributes(caller, "impersonate", true, request.Path.Value ?? "", "authentication.k8s.io", "v1", "userextras", key, Name: value));
            }

            extra[key] = list;
        }

        if (uid is not null)
        {
            checks.Add(new AuthorizationAttributes(caller, "impersonate", true, request.Path.Value ?? "", "authentication.k8s.io", "v1", "uids", Name: uid));
        }

        foreach (var check in checks)
        {
            var decision = authorize(check);
            if (!decision.Allowed)
            {
                throw check.Forbidden(decision.Reason);
            }
        }

        if (userName == UserInfo.Anonymous)
        {
            if (!groups.Contains(UserInfo.Unauthenticated))
            {
                groups.Add(UserInfo.Unauthenticated);
            }
        }
        else if (!groups.Contains(UserInfo.Authenticated) && !groups.Contains(UserInfo.Unauthenticated))
        {
            groups.Add(UserInfo.Authenticated);
        }

        return new UserInfo(userName, uid ?? "", groups, extra);
    }
}
