using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Patching;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>Server-side apply: the merged object, or 409 Conflict naming each conflicting field and its manager.</summary>
internal static class ApplyPatch
{
    public static JsonObject ApplyOrThrow(ResourceType type, JsonObject? live, JsonObject applied, string manager, bool force, string? subresource, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(manager))
        {
            throw ApiException.BadRequest("fieldManager is required for apply requests");
        }

        var result = ServerSideApply.Apply(live, applied, manager, force, subresource, now);
        if (result.Object is { } merged)
        {
            return merged;
        }

        var name = live?.Name() ?? applied.Name();
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group,
            ["kind"] = type.Plural,
            ["causes"] = new JsonArray(result.Conflicts.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{c.Manager}\"",
                ["field"] = c.Field,
            }).ToArray()),
        };
        throw new ApiException(409, "Conflict", result.Message, details);
    }
}
