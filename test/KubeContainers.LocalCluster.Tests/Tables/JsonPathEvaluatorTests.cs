using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Tables;

namespace KubeContainers.LocalCluster.Tests.Tables;

public sealed class JsonPathEvaluatorTests
{
    private static readonly JsonNode Pod = JsonNode.Parse("""
    {"metadata":{"name":"web","labels":{"app":"web"},"annotations":{"a.b/c":"yes"}},
     "spec":{"containers":[{"name":"main","image":"nginx:1"},{"name":"side","image":"busybox"}]},
     "status":{"phase":"Running","replicas":3,"conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"False"}]}}
    """)!;

    [Theory]
    [InlineData(".status.phase", "Running")]
    [InlineData("{.status.phase}", "Running")]
    [InlineData("$.metadata.name", "web")]
    [InlineData(".metadata.labels.app", "web")]
    [InlineData(".spec.containers[0].image", "nginx:1")]
    [InlineData(".spec.containers[-1].name", "side")]
    [InlineData(".spec.containers[*].name", "main side")]
    [InlineData(".spec.containers[0:1].name", "main")]
    [InlineData(".metadata.annotations['a.b/c']", "yes")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "False")]
    [InlineData(".status.conditions[?(@.status!='False')].type", "Initialized")]
    [InlineData("..image", "nginx:1 busybox")]
    [InlineData(".status.replicas", "3")]
    [InlineData(".status.missing", "")]
    [InlineData(".metadata.labels", "{\"app\":\"web\"}")]
    public void SelectsLikeClientGo(string path, string expected)
    {
        JsonPathEvaluator.Format(JsonPathEvaluator.Evaluate(Pod, path)).ShouldBe(expected);
    }

    [Theory]
    [InlineData(".status.conditions[?(@.reason!=\"Other\")].type", "Ready")]
    [InlineData(".status.conditions[?(@.reason==\"Other\")].type", "")]
    [InlineData(".status.conditions[?(@.reason)].type", "Ready")]
    public void FilterSkipsItemsWithoutTheKeyWhateverTheOperator(string path, string expected)
    {
        var obj = JsonNode.Parse("""
            {"status":{"conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"False","reason":"OOMKilled"}]}}
            """);

        JsonPathEvaluator.Format(JsonPathEvaluator.Evaluate(obj, path)).ShouldBe(expected);
    }

    [Fact]
    public void FilteringAnObjectIsAnErrorAsInClientGo()
    {
        Should.Throw<FormatException>(() => JsonPathEvaluator.Evaluate(Pod, ".metadata.labels[?(@==\"web\")]"))
            .Message.ShouldContain("is not array or slice and cannot be filtered");
    }
}
