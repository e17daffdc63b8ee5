using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Selectors;

namespace KubeContainers.LocalCluster.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["count"] = "3" };

    [Theory]
    [InlineData("", true)]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app=db", false)]
    [InlineData("app!=db", true)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (db,web)", true)]
    [InlineData("app in (db)", false)]
    [InlineData("app notin (db)", true)]
    [InlineData("missing notin (db)", true)]
    [InlineData("app", true)]
    [InlineData("!app", false)]
    [InlineData("!missing", true)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web, tier=back", false)]
    [InlineData("count>2", true)]
    [InlineData("count<2", false)]
    [InlineData("app=", false)]
    public void MatchesLikeApimachinery(string selector, bool expected)
    {
        LabelSelector.Parse(selector).Matches(Labels).ShouldBe(expected);
    }

    [Theory]
    [InlineData("tier=front,app in (web, db),!x", "app in (db,web),tier=front,!x")]
    [InlineData("b,a!=1", "a!=1,b")]
    public void PrintsTheCanonicalForm(string selector, string expected)
    {
        LabelSelector.Parse(selector).ToString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("app=web,", "found '', expected: identifier after ','")]
    [InlineData("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("app=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("app in web", "unable to parse requirement: found 'web' expected: '('")]
    [InlineData("app in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'")]
    [InlineData(",app", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("-app=x", "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("app=-x", "unable to parse requirement: values[0][app]: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("Example.com/app=x", "unable to parse requirement: <nil>: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("count>x", "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void RejectsMalformedSelectorsWithTheApiserversMessage(string selector, string message)
    {
        Should.Throw<FormatException>(() => LabelSelector.Parse(selector)).Message.ShouldBe(message);
    }

    [Fact]
    public void ReadsMetadataLabelsOfAnObject()
    {
        var pod = JsonNode.Parse("""{"metadata":{"labels":{"app":"web"}}}""")!.AsObject();

        LabelSelector.Parse("app=web").Matches(pod).ShouldBeTrue();
        LabelSelector.Parse("app").Matches(new JsonObject()).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"matchLabels":{"app":"web"}}""", true)]
    [InlineData("""{"matchLabels":{"app":"db"}}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"In","values":["front","back"]}]}""", true)]
    [InlineData("""{"matchExpressions":[{"key":"tier","operator":"NotIn","values":["front"]}]}""", false)]
    [InlineData("""{"matchExpressions":[{"key":"app","operator":"Exists"},{"key":"gone","operator":"DoesNotExist"}]}""", true)]
    [InlineData("""{}""", true)]
    public void ConvertsMetav1LabelSelectors(string json, bool expected)
    {
        LabelSelector.FromJson(JsonNode.Parse(json)!.AsObject()).Matches(Labels).ShouldBe(expected);
    }

    [Fact]
    public void NullMetav1SelectorMatchesNothing()
    {
        LabelSelector.FromJson(null).Matches(Labels).ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Equals","values":["x"]}]}""", "\"Equals\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In","values":[]}]}""", "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}""", "values: Invalid value: []string{\"x\"}: values set must be empty for exists and does not exist")]
    public void RejectsInvalidMetav1Selectors(string json, string message)
    {
        Should.Throw<FormatException>(() => LabelSelector.FromJson(JsonNode.Parse(json)!.AsObject())).Message.ShouldBe(message);
    }
}
