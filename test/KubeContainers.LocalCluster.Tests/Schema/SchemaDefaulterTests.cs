using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tests.Schema;

public sealed class SchemaDefaulterTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
    {"type":"object","properties":{"spec":{"type":"object","properties":{
      "mode":{"type":"string","default":"persistent"},
      "replicas":{"type":"integer","default":1},
      "restart":{"type":"object","default":{},"properties":{"policy":{"type":"string","default":"Always"}}},
      "probe":{"type":"object","properties":{"period":{"type":"integer","default":10}}},
      "ports":{"type":"array","items":{"type":"object","properties":{"protocol":{"type":"string","default":"TCP"}}}},
      "labels":{"type":"object","additionalProperties":{"type":"string","default":"x"}},
      "note":{"type":"string"},
      "maybe":{"type":"string","nullable":true}
    }}}}
    """)!.AsObject();

    [Theory]
    [InlineData("""{"spec":{}}""", """{"spec":{"mode":"persistent","replicas":1,"restart":{"policy":"Always"}}}""")]
    [InlineData("""{"spec":{"mode":"oneShot","replicas":3,"restart":{"policy":"Never"}}}""", """{"spec":{"mode":"oneShot","replicas":3,"restart":{"policy":"Never"}}}""")]
    [InlineData("""{"spec":{"probe":{}}}""", """{"spec":{"probe":{"period":10},"mode":"persistent","replicas":1,"restart":{"policy":"Always"}}}""")]
    [InlineData("""{"spec":{"ports":[{},{"protocol":"UDP"}]}}""", """{"spec":{"ports":[{"protocol":"TCP"},{"protocol":"UDP"}],"mode":"persistent","replicas":1,"restart":{"policy":"Always"}}}""")]
    [InlineData("""{"spec":{"mode":null,"note":null,"maybe":null}}""", """{"spec":{"mode":"persistent","maybe":null,"replicas":1,"restart":{"policy":"Always"}}}""")]
    [InlineData("""{"spec":{"labels":{"a":null,"b":"y"}}}""", """{"spec":{"labels":{"a":"x","b":"y"},"mode":"persistent","replicas":1,"restart":{"policy":"Always"}}}""")]
    [InlineData("""{"metadata":{"name":"n"}}""", """{"metadata":{"name":"n"}}""")]
    public void AppliesDefaultsInsideExistingObjects(string input, string expected)
    {
        var value = JsonNode.Parse(input);

        SchemaDefaulter.ApplyDefaults(value, Schema);

        JsonNode.DeepEquals(value, JsonNode.Parse(expected)).ShouldBeTrue(value!.ToJsonString());
    }
}
