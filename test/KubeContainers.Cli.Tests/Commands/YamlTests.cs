using System.Text.Json.Nodes;
using KubeContainers.Cli;

namespace KubeContainers.Cli.Tests.Commands;

/// <summary>The YAML printer keeps every string a string: what YAML would read as a number, bool, null or time is quoted.</summary>
public sealed class YamlTests
{
    [Theory]
    [InlineData("8080")]
    [InlineData("1e3")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("2026-01-01T00:00:00Z")]
    public void A_string_yaml_would_misread_is_quoted(string text)
    {
        Yaml.Write(new JsonObject { ["v"] = text }).ShouldBe($"v: \"{text}\"\n");
    }

    [Fact]
    public void Numbers_bools_and_plain_strings_stay_plain()
    {
        Yaml.Write(new JsonObject { ["count"] = 3, ["b"] = false, ["s"] = "nginx:1.27", ["l"] = new JsonArray("a") })
            .ShouldBe("count: 3\nb: false\ns: nginx:1.27\nl:\n- a\n");
    }
}
