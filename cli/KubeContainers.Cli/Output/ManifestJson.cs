using System.Text.Json.Nodes;
using k8s;
using KubeContainers.Api;

namespace KubeContainers.Cli;

/// <summary>ManagedContainers as JSON trees, the way the apiserver serialises them (KubernetesJson, no nulls).</summary>
internal static class ManifestJson
{
    /// <summary>The whole object, status included.</summary>
    public static JsonObject Full(object value) => JsonNode.Parse(KubernetesJson.Serialize(value))!.AsObject();

    /// <summary>What a user writes and sends: no status, and none of the metadata the server fills in.</summary>
    public static JsonObject Node(V1Alpha1ManagedContainer container)
    {
        var json = Full(container);
        json.Remove("status");
        return json;
    }
}
