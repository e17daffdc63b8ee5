using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// What is asked, as authorizer.Attributes: who, the verb, and either a resource (API group, resource, subresource,
/// namespace, name) or a non-resource path.
/// </summary>
public sealed record AuthorizationAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path = "",
    string Group = "",
    string Version = "",
    string Resource = "",
    string Subresource = "",
    string Namespace = "",
    string Name = "")
{
    /// <summary>
    /// The apiserver's 403 message (responsewriters.ForbiddenStatusError wrapped in apierrors.NewForbidden), e.g.
    /// <c>pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "shop"</c>;
    /// the authorizer's reason, when it has one, follows after a colon.
    /// </summary>
    public string ForbiddenMessage(string reason)
    {
        string why;
        if (!IsResourceRequest)
        {
            why = $"User \"{User.Name}\" cannot {Verb} path \"{Path}\"";
        }
        else
        {
            var resource = Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource;
            why = Namespace.Length > 0
                ? $"User \"{User.Name}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" in the namespace \"{Namespace}\""
                : $"User \"{User.Name}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" at the cluster scope";
        }

        if (reason.Length > 0)
        {
            why += ": " + reason;
        }

        // apierrors.NewForbidden: the group-qualified resource ("pods", "deployments.apps"), then the name when there is one.
        var qualified = Group.Length > 0 ? $"{Resource}.{Group}" : Resource;
        if (!IsResourceRequest || qualified.Length == 0)
        {
            return $"forbidden: {why}";
        }

        return Name.Length > 0 ? $"{qualified} \"{Name}\" is forbidden: {why}" : $"{qualified} is forbidden: {why}";
    }

    /// <summary>The 403 responsewriters.Forbidden answers: the message above, details naming the group, resource and name.</summary>
    public ApiException Forbidden(string reason)
    {
        var details = new JsonObject();
        if (Name.Length > 0 && IsResourceRequest)
        {
            details["name"] = Name;
        }

        if (IsResourceRequest && Group.Length > 0)
        {
            details["group"] = Group;
        }

        if (IsResourceRequest && Resource.Length > 0)
        {
            details["kind"] = Resource;
        }

        return new ApiException(403, "Forbidden", ForbiddenMessage(reason), details);
    }
}
