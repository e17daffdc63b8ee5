using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Schema;

namespace KubeContainers.LocalCluster.Tests.Schema;

public sealed class SchemaPrunerTests
{
    private static readonly JsonObject Schema = JsonNode.Parse("""
    {"type":"object","properties":{
      "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":{"type":"object"},
      "spec":{"type":"object","properties":{
        "image":{"type":"string"},
        "env":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
        "labels":{"type":"object","additionalProperties":{"type":"string"}},
        "raw":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
        "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}
      }}}}
    """)!.AsObject();

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"K","metadata":{"name":"n"},"spec":{"image":"i"}}""", "", """{"apiVersion":"v1","kind":"K","metadata":{"name":"n"},"spec":{"image":"i"}}""")]
    [InlineData("""{"spec":{"image":"i","foo":1},"extra":true}""", "extra|spec.foo", """{"spec":{"image":"i"}}""")]
    [InlineData("""{"spec":{"env":[{"name":"a","x":1},{"y":2}]}}""", "spec.env[0].x|spec.env[1].y", """{"spec":{"env":[{"name":"a"},{}]}}""")]
    [InlineData("""{"spec":{"labels":{"k":"v"},"raw":{"anything":{"deep":1},"known":{"a":"1","b":"2"}}}}""", "spec.raw.known.b", """{"spec":{"labels":{"k":"v"},"raw":{"anything":{"deep":1},"known":{"a":"1"}}}}""")]
    [InlineData("""{"metadata":{"name":"n","bogus":1}}""", "metadata.bogus", """{"metadata":{"name":"n"}}""")]
    [InlineData("""{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"status":{}}}}""", "spec.template.status", """{"spec":{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}""")]
    public void DropsUndeclaredFieldsAndReportsThemSorted(string input, string removed, string expected)
    {
        var value = JsonNode.Parse(input);

        var paths = SchemaPruner.Prune(value, Schema);

        string.Join("|", paths).ShouldBe(removed);
        JsonNode.DeepEquals(value, JsonNode.Parse(expected)).ShouldBeTrue(value!.ToJsonString());
    }

    [Fact]
    public void FormatsStrictAndWarnMessagesLikeTheApiserver()
    {
        SchemaPruner.StrictDecodingError(["spec.bar", "spec.foo"])
            .ShouldBe("strict decoding error: unknown field \"spec.bar\", unknown field \"spec.foo\"");
        SchemaPruner.Warnings(["spec.foo"]).ShouldBe(["unknown field \"spec.foo\""]);
    }
}
