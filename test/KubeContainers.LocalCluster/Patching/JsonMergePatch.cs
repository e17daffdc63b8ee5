using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// JSON merge patch (RFC 7386), what the apiserver applies for <c>application/merge-patch+json</c>.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> and returns a new document: members
    /// whose patch value is null are deleted, objects merge recursively, anything else (arrays included)
    /// replaces the target value. Neither input is mutated.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        // RFC 7386: a non-object target is treated as an empty object before merging.
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
                continue;
            }

            result.TryGetPropertyValue(name, out var current);
            result[name] = Apply(current, value);
        }

        return result;
    }
}
