namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// A parsed resource URL: /api/v1/[namespaces/{ns}/]{plural}[/{name}[/{subresource}]] or the same under
/// /apis/{group}/{version}. Namespaces themselves are /api/v1/namespaces/{name}[/status|/finalize].
/// </summary>
public sealed record ApiPath(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
{
    public static ApiPath? Parse(string path, Func<string, string, string, bool> isNamespacedResource)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = ("", segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        if (tail.Length >= 3 && tail[0] == "namespaces" && isNamespacedResource(group, version, tail[2]))
        {
            return tail.Length switch
            {
                3 => new ApiPath(group, version, tail[1], tail[2], null, null),
                4 => new ApiPath(group, version, tail[1], tail[2], tail[3], null),
                5 => new ApiPath(group, version, tail[1], tail[2], tail[3], tail[4]),
                _ => null,
            };
        }

        return tail.Length switch
        {
            1 => new ApiPath(group, version, null, tail[0], null, null),
            2 => new ApiPath(group, version, null, tail[0], tail[1], null),
            3 => new ApiPath(group, version, null, tail[0], tail[1], tail[2]),
            _ => null,
        };
    }
}
