using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Tests.Patching;

/// <summary>Structural JSON comparison (member order ignored, array order significant) with a readable failure.</summary>
internal static class JsonAssert
{
    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    public static void ShouldBeJson(this JsonNode? actual, string expected)
    {
        var expectedNode = JsonNode.Parse(expected);
        JsonNode.DeepEquals(actual, expectedNode).ShouldBeTrue(
            $"expected {expectedNode?.ToJsonString()}\n but was {actual?.ToJsonString() ?? "null"}");
    }
}
