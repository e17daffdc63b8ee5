using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// Minimal OpenAPI v3 documents: one per group-version, with each resource's PATCH operation tagged with its
/// group-version-kind and the <c>fieldValidation</c> query parameter. That is what kubectl looks for to leave
/// field validation to the server (its default, --validate=strict). No schemas are published, so kubectl
/// builds strategic patches from its compiled-in types, and `kubectl explain` does not work.
/// </summary>
public static class OpenApi
{
    public static JsonObject Root(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var gv in registry.All.Select(GroupVersionPath).Distinct())
        {
            paths[gv] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{gv}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/{group}/{version}", or null when no such group-version is served.</summary>
    public static JsonObject? GroupVersion(ResourceRegistry registry, string gvPath)
    {
        var types = registry.All.Where(t => GroupVersionPath(t) == gvPath).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var paths = new JsonObject();
        foreach (var type in types)
        {
            var collection = type.Namespaced ? $"/{gvPath}/namespaces/{{namespace}}/{type.Plural}" : $"/{gvPath}/{type.Plural}";
            paths[collection + "/{name}"] = new JsonObject { ["patch"] = Operation(type, "patch") };
            paths[collection] = new JsonObject { ["post"] = Operation(type, "post") };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static string GroupVersionPath(ResourceType type) =>
        type.Group.Length == 0 ? $"api/{type.Version}" : $"apis/{type.Group}/{type.Version}";

    private static JsonObject Operation(ResourceType type, string verb) => new()
    {
        ["operationId"] = $"{verb}{type.Kind}",
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
        ["parameters"] = new JsonArray(
            Query("dryRun"), Query("fieldManager"), Query("fieldValidation"), Query("force")),
        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
    };

    private static JsonObject Query(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
