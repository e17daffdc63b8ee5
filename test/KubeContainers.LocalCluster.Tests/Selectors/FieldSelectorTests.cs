using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Selectors;

namespace KubeContainers.LocalCluster.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static readonly JsonObject Pod = JsonNode.Parse("""
    {"metadata":{"name":"web-1","namespace":"default"},"spec":{"nodeName":"node-a"},"status":{"phase":"Running"}}
    """)!.AsObject();

    private static readonly JsonObject Event = JsonNode.Parse("""
    {"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"web-1","uid":"u-1"},"reason":"Started","type":"Normal","source":{"component":"kubelet"}}
    """)!.AsObject();

    [Theory]
    [InlineData("metadata.name=web-1", true)]
    [InlineData("metadata.name==web-1", true)]
    [InlineData("metadata.name!=web-1", false)]
    [InlineData("metadata.namespace=default,status.phase=Running", true)]
    [InlineData("spec.nodeName=node-b", false)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("status.podIP=", true)]
    [InlineData("", true)]
    public void MatchesPods(string selector, bool expected)
    {
        FieldSelector.Parse(selector).Matches(Pod).ShouldBe(expected);
    }

    [Theory]
    [InlineData("involvedObject.name=web-1,involvedObject.uid=u-1", true)]
    [InlineData("reason=Started,type=Normal", true)]
    [InlineData("source=kubelet", true)]
    [InlineData("type!=Normal", false)]
    public void MatchesEvents(string selector, bool expected)
    {
        FieldSelector.Parse(selector).Matches(Event).ShouldBe(expected);
    }

    [Theory]
    [InlineData("spec.unschedulable=false", """{"spec":{}}""", true)]
    [InlineData("spec.unschedulable=true", """{"spec":{"unschedulable":true}}""", true)]
    [InlineData("status.successful=1", """{"status":{"succeeded":1}}""", true)]
    [InlineData("status.replicas=0", """{"status":{}}""", true)]
    [InlineData("metadata.name=a\\,b", """{"metadata":{"name":"a,b"}}""", true)]
    public void ReadsAliasesZeroValuesAndEscapes(string selector, string json, bool expected)
    {
        FieldSelector.Parse(selector).Matches(JsonNode.Parse(json)!.AsObject()).ShouldBe(expected);
    }

    [Theory]
    [InlineData("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'")]
    [InlineData("a=b\\x", "invalid field selector: invalid escape sequence: \\x")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    public void RejectsMalformedSelectors(string selector, string message)
    {
        Should.Throw<FormatException>(() => FieldSelector.Parse(selector)).Message.ShouldBe(message);
    }

    [Theory]
    [InlineData("", "Pod", "spec.nodeName=a,status.phase=Running", null)]
    [InlineData("", "Pod", "spec.foo=a", "spec.foo")]
    [InlineData("", "ConfigMap", "metadata.name=a,metadata.namespace=b", null)]
    [InlineData("", "ConfigMap", "status.phase=x", "status.phase")]
    [InlineData("", "Event", "involvedObject.kind=Pod,reason=x,reportingComponent=y", null)]
    [InlineData("", "Secret", "type=Opaque", null)]
    [InlineData("", "Node", "spec.unschedulable=true", null)]
    [InlineData("batch", "Job", "status.successful=1", null)]
    [InlineData("apps", "ReplicaSet", "status.replicas=1", null)]
    [InlineData("apps", "Deployment", "status.replicas=1", "status.replicas")]
    public void KnowsWhichFieldsEachKindSupports(string group, string kind, string selector, string? unsupported)
    {
        var parsed = FieldSelector.Parse(selector);

        FieldSelector.UnsupportedField(parsed, group, kind).ShouldBe(unsupported);
    }

    [Fact]
    public void ExposesFieldsSortedLikeTheApiserver()
    {
        FieldSelector.Parse("status.phase=Running,metadata.name=a").Fields.ShouldBe(["metadata.name", "status.phase"]);
    }
}
