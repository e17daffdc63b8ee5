using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Patching;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Server;

/// <summary>The four PATCH content types and how each applies to the stored object.</summary>
public static class PatchTypes
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string Strategic = "application/strategic-merge-patch+json";
    public const string Apply = "application/apply-patch+yaml";

    public static bool IsKnown(string contentType) => contentType is Json or Merge or Strategic or Apply;

    /// <summary>Applies a non-apply patch to a copy of <paramref name="current"/>.</summary>
    public static JsonObject ApplyTo(ResourceType type, string patchType, JsonObject current, JsonNode patch)
    {
        try
        {
            var result = patchType switch
            {
                Json when patch is JsonArray operations => JsonPatch.Apply(current.DeepClone(), operations),
                Json => throw ApiException.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
                Merge => JsonMergePatch.Apply(current.DeepClone(), patch),
                Strategic when type.IsCustom || !StrategicMergePatch.Supports(type.ApiVersion, type.Kind) =>
                    throw ApiException.UnsupportedMediaType(patchType),
                Strategic => StrategicMergePatch.Apply(current.DeepClone().AsObject(), patch.AsObject(), type.ApiVersion, type.Kind),
                _ => throw ApiException.UnsupportedMediaType(patchType),
            };
            return result as JsonObject ?? throw ApiException.BadRequest("the patch did not leave an object");
        }
        catch (PatchException e)
        {
            throw new ApiException(422, "Invalid", e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw ApiException.BadRequest($"invalid patch: {e.Message}");
        }
    }
}
