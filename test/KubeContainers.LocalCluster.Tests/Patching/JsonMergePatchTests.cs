using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Patching;

namespace KubeContainers.LocalCluster.Tests.Patching;

public sealed class JsonMergePatchTests
{
    [Theory]
    // RFC 7386 appendix A.
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    // kubectl label pod web tier=frontend / kubectl label pod web app- (merge patches).
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}}}""", """{"metadata":{"labels":{"tier":"frontend"}}}""", """{"metadata":{"name":"web","labels":{"app":"web","tier":"frontend"}}}""")]
    [InlineData("""{"metadata":{"name":"web","labels":{"app":"web"}}}""", """{"metadata":{"labels":{"app":null}}}""", """{"metadata":{"name":"web","labels":{}}}""")]
    public void Applies_rfc7386_examples(string target, string patch, string expected)
    {
        JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch)).ShouldBeJson(expected);
    }

    [Fact]
    public void Does_not_mutate_inputs()
    {
        var target = JsonNode.Parse("""{"a":{"b":1},"c":2}""");
        var patch = JsonNode.Parse("""{"a":{"b":null,"d":[1]},"c":null}""");

        var result = JsonMergePatch.Apply(target, patch);

        result.ShouldBeJson("""{"a":{"d":[1]}}""");
        target.ShouldBeJson("""{"a":{"b":1},"c":2}""");
        patch.ShouldBeJson("""{"a":{"b":null,"d":[1]},"c":null}""");
    }

    [Fact]
    public void Applies_to_missing_target()
    {
        JsonMergePatch.Apply(null, JsonNode.Parse("""{"a":{"b":null,"c":1}}""")).ShouldBeJson("""{"a":{"c":1}}""");
    }
}
