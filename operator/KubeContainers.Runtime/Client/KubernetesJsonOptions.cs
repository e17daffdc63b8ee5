using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace KubeContainers.Runtime.Client;

/// <summary>KubernetesClient's own serializer options (its converters for quantities, int-or-string and times), for
/// reading and writing UTF-8 directly where <c>KubernetesJson</c> would go through a UTF-16 string (the runtime and the
/// operator's own hashes use them).</summary>
public static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Value { get; } = Create();

    /// <summary>An object as a fresh JSON node, through UTF-8 with these options: the same JSON as
    /// <c>KubernetesJson.Serialize</c>, without its UTF-16 string.</summary>
    public static JsonObject ToNode(object obj) =>
        JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Value))!.AsObject();

    private static JsonSerializerOptions Create()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
    }
}
