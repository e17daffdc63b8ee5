using KubeContainers.LocalCluster.Selectors;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// Derives the authorization attributes of an HTTP request from its method, path and query alone, as the apiserver's
/// request.RequestInfoFactory does (before any routing, so an unknown resource is authorized like any other):
/// <c>/api/v1/...</c> and <c>/apis/GROUP/VERSION/...</c> are resource requests, anything else (and <c>/api</c>,
/// <c>/apis/GROUP/VERSION</c> themselves) is a non-resource request whose verb is the lower-cased method.
/// </summary>
public static class RequestInfo
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    public static AuthorizationAttributes Of(HttpRequest request, UserInfo user) =>
        Of(request.Method, request.Path.Value ?? "/", request.Query["watch"].FirstOrDefault(), request.Query["fieldSelector"].FirstOrDefault(), user);

    public static AuthorizationAttributes Of(string method, string path, string? watch, string? fieldSelector, UserInfo user)
    {
        var nonResource = new AuthorizationAttributes(user, method.ToLowerInvariant(), false, path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[0] is not ("api" or "apis"))
        {
            return nonResource;
        }

        var group = "";
        var rest = parts.AsSpan(1);
        if (parts[0] == "apis")
        {
            if (rest.Length < 3)
            {
                return nonResource;
            }

            group = rest[0];
            rest = rest[1..];
        }

        var version = rest[0];
        rest = rest[1..];
        string verb;
        if (rest[0] is "watch" or "proxy")
        {
            if (rest.Length < 2)
            {
                return nonResource;
            }

            verb = rest[0];
            rest = rest[1..];
        }
        else
        {
            verb = method switch
            {
                "POST" => "create",
                "GET" or "HEAD" => "get",
                "PUT" => "update",
                "PATCH" => "patch",
                "DELETE" => "delete",
                _ => "",
            };
        }

        var ns = "";
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            // /namespaces/NS/RESOURCE/...: the resource is what follows; /namespaces/NS[/status|/finalize] is the namespace itself.
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        var resource = rest[0];
        var name = rest.Length >= 2 ? rest[1] : "";
        var subresource = rest.Length >= 3 && verb != "proxy" ? rest[2] : "";
        if (name.Length == 0 && verb == "get")
        {
            verb = IsWatch(watch) ? "watch" : "list";
            // A list or watch of one object by metadata.name is authorized as that object (kubectl get NAME -w).
            name = NameFromFieldSelector(fieldSelector) ?? "";
        }

        if (name.Length == 0 && verb == "delete")
        {
            verb = "deletecollection";
        }

        return new AuthorizationAttributes(user, verb, true, path, group, version, resource, subresource, ns, name);
    }

    /// <summary>The watch parameter as Go's strconv.ParseBool reads it; anything unparsable but present counts as true, as upstream.</summary>
    private static bool IsWatch(string? value) => value is not null && value is not ("false" or "0" or "f" or "F" or "FALSE" or "False");

    private static string? NameFromFieldSelector(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            // fields.Selector.RequiresExactMatch, then path.IsValidPathSegmentName.
            var exact = FieldSelector.Parse(text).Requirements.FirstOrDefault(r => r.Field == "metadata.name" && r.Equal);
            return exact is { Value.Length: > 0 } && exact.Value is not ("." or "..")
                && !exact.Value.Contains('/', StringComparison.Ordinal) && !exact.Value.Contains('%', StringComparison.Ordinal)
                ? exact.Value
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
