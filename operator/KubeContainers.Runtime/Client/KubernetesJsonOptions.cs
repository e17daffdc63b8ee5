using System.Text.Json;
using k8s;

namespace KubeContainers.Runtime.Client;

/// <summary>KubernetesClient's own serializer options (its converters for quantities, int-or-string and times), for
/// reading and writing UTF-8 directly where <c>KubernetesJson</c> would go through a UTF-16 string.</summary>
internal static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Value { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand out its serializer options.");
    }
}
