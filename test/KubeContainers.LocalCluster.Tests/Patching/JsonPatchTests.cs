using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Patching;

namespace KubeContainers.LocalCluster.Tests.Patching;

public sealed class JsonPatchTests
{
    private const string Deployment = """{"metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}}""";

    [Theory]
    // kubectl patch deployment web --type json -p '[{"op":"replace","path":"/spec/replicas","value":3}]'
    [InlineData("""[{"op":"replace","path":"/spec/replicas","value":3}]""", "/spec/replicas", "3")]
    [InlineData("""[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.26"}]""", "/spec/template/spec/containers/0/image", "\"nginx:1.26\"")]
    [InlineData("""[{"op":"add","path":"/spec/template/spec/containers/-","value":{"name":"side"}}]""", "/spec/template/spec/containers/1/name", "\"side\"")]
    [InlineData("""[{"op":"add","path":"/spec/template/spec/containers/0","value":{"name":"init"}}]""", "/spec/template/spec/containers/1/name", "\"web\"")]
    [InlineData("""[{"op":"add","path":"/metadata/annotations","value":{"a/b":"x"}},{"op":"add","path":"/metadata/annotations/c~1d","value":"y"}]""", "/metadata/annotations/c~1d", "\"y\"")]
    [InlineData("""[{"op":"add","path":"/metadata/labels/t~0x","value":"z"}]""", "/metadata/labels/t~0x", "\"z\"")]
    [InlineData("""[{"op":"copy","from":"/metadata/labels","path":"/spec/selector"}]""", "/spec/selector/app", "\"web\"")]
    [InlineData("""[{"op":"move","from":"/metadata/labels/app","path":"/metadata/labels/name"}]""", "/metadata/labels", """{"name":"web"}""")]
    [InlineData("""[{"op":"test","path":"/spec/replicas","value":1},{"op":"replace","path":"/spec/replicas","value":2}]""", "/spec/replicas", "2")]
    [InlineData("""[{"op":"remove","path":"/spec/template/spec/containers/0"}]""", "/spec/template/spec/containers", "[]")]
    [InlineData("""[{"op":"remove","path":"/metadata/labels/app"}]""", "/metadata/labels", "{}")]
    // evanphx/json-patch v4 (the apiserver's) adds a member that replace does not find in an existing object.
    [InlineData("""[{"op":"replace","path":"/spec/paused","value":true}]""", "/spec/paused", "true")]
    // test of a missing member against null passes in evanphx/json-patch.
    [InlineData("""[{"op":"test","path":"/spec/paused","value":null}]""", "/spec/replicas", "1")]
    public void Applies_operations(string operations, string pointer, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(Deployment)!, JsonNode.Parse(operations)!.AsArray());

        Resolve(result, pointer).ShouldBeJson(expected);
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/spec/x/y","value":1}]""", "replace operation does not apply: doc is missing path: /spec/x/y: missing value")]
    [InlineData("""[{"op":"replace","path":"/spec/template/spec/containers/5","value":1}]""", "replace operation does not apply: doc is missing key: /spec/template/spec/containers/5: missing value")]
    [InlineData("""[{"op":"test","path":"/spec/replicas","value":2}]""", "testing value /spec/replicas failed: test failed")]
    [InlineData("""[{"op":"test","path":"/nope/x","value":2}]""", "test operation does not apply: is missing path: /nope/x: missing value")]
    [InlineData("""[{"op":"remove","path":"/metadata/annotations"}]""", "error in remove for path: '/metadata/annotations': Unable to remove nonexistent key: annotations: missing value")]
    [InlineData("""[{"op":"remove","path":"/spec/template/spec/containers/3"}]""", "error in remove for path: '/spec/template/spec/containers/3': Unable to access invalid index: 3: invalid index referenced")]
    [InlineData("""[{"op":"add","path":"/nope/x","value":1}]""", "add operation does not apply: doc is missing path: \"/nope/x\": missing value")]
    [InlineData("""[{"op":"add","path":"/spec/template/spec/containers/7","value":1}]""", "error in add for path: '/spec/template/spec/containers/7': Unable to access invalid index: 7: invalid index referenced")]
    [InlineData("""[{"op":"add","path":"/spec/template/spec/containers/x","value":1}]""", "error in add for path: '/spec/template/spec/containers/x': value was not a proper array index: 'x'")]
    [InlineData("""[{"op":"move","from":"/nope/x","path":"/a"}]""", "move operation does not apply: doc is missing from path: /nope/x: missing value")]
    [InlineData("""[{"op":"copy","from":"/metadata/nope","path":"/a"}]""", "copy operation does not apply: doc is missing from path: /metadata/nope: missing value")]
    [InlineData("""[{"op":"copy","from":"/metadata/labels","path":"/nope/a"}]""", "copy operation does not apply: doc is missing destination path: /nope/a: missing value")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""", "Unexpected kind: frobnicate")]
    [InlineData("""[{"op":"add","value":1}]""", "operation missing path field: missing value")]
    public void Rejects_operations_that_do_not_apply(string operations, string message)
    {
        var error = Should.Throw<PatchException>(() => JsonPatch.Apply(JsonNode.Parse(Deployment)!, JsonNode.Parse(operations)!.AsArray()));

        error.Message.ShouldBe(message);
    }

    [Fact]
    public void Applies_nothing_when_a_later_operation_fails_and_never_mutates_the_target()
    {
        var target = JsonNode.Parse(Deployment)!;

        Should.Throw<PatchException>(() => JsonPatch.Apply(target, JsonNode.Parse("""[{"op":"replace","path":"/spec/replicas","value":5},{"op":"test","path":"/spec/replicas","value":1}]""")!.AsArray()));

        target.ShouldBeJson(Deployment);
    }

    [Fact]
    public void Replaces_the_whole_document()
    {
        JsonPatch.Apply(JsonNode.Parse(Deployment)!, JsonNode.Parse("""[{"op":"replace","path":"","value":{"a":1}}]""")!.AsArray())
            .ShouldBeJson("""{"a":1}""");
    }

    private static JsonNode? Resolve(JsonNode node, string pointer)
    {
        JsonNode? current = node;
        foreach (var token in pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            current = current is JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] : current![token];
        }

        return current;
    }
}
