using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KubeContainers.Operator.Tests.Reliability;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The real operator process with <c>--log-format json</c> and then text, both at <c>--log-level debug</c>: every line
/// is what a log shipper or a human reads, with a full UTC date and the per-reconcile scope.
/// </summary>
[ClusterTest]
public sealed partial class OperatorLogsSystemTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Json_and_text_logs_carry_dated_timestamps_and_the_reconcile_scope()
    {
        await using var env = await ReliabilityCluster.StartAsync("logs");

        var json = env.StartOperator("--log-format", "json", "--log-level", "debug");
        await env.ApplyAsync(0, 1, "example.com/app:v1");
        var scope = $"{env.Namespace}/{ReliabilityCluster.Name(0)} generation 1";
        await Eventually.True(
            () => Task.FromResult(JsonLines(json).Any(line => HasScope(line, scope))),
            $"a JSON log line with the scope {scope}",
            Converge);

        var lines = JsonLines(json);
        lines.ShouldNotBeEmpty();
        lines.ShouldAllBe(line => IsoUtc().IsMatch(line["Timestamp"]!.GetValue<string>()), json.Output);
        lines.ShouldContain(line => line["LogLevel"]!.GetValue<string>() == "Debug", "--log-level debug writes Debug entries");
        var scoped = lines.First(line => HasScope(line, scope));
        var reconcile = scoped["Scopes"]!.AsArray().Select(s => s!.AsObject()).First(s => s["Message"]?.GetValue<string>() == scope);
        reconcile["Namespace"]!.GetValue<string>().ShouldBe(env.Namespace);
        reconcile["Name"]!.GetValue<string>().ShouldBe(ReliabilityCluster.Name(0));

        json.Terminate();
        (await json.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0);
        await env.RemoveAsync(json);

        var text = env.StartOperator("--log-level", "debug");
        await env.ApplyAsync(1, 1, "example.com/app:v1");
        var textScope = $"{env.Namespace}/{ReliabilityCluster.Name(1)} generation 1";
        await Eventually.True(
            () => Task.FromResult(text.Output.Split('\n').Any(line => line.Contains($"=> {textScope}", StringComparison.Ordinal))),
            $"a text log line with the scope {textScope}",
            Converge);

        var textLines = text.Output.Split('\n').Where(l => l.Length > 0).ToList();
        textLines.ShouldAllBe(line => TextLine().IsMatch(line), text.Output);
        textLines.ShouldContain(line => line.Contains(" dbug: ", StringComparison.Ordinal));
    }

    /// <summary>Every line the operator printed, each of which must be one JSON object.</summary>
    private static List<JsonObject> JsonLines(OperatorProcess process) =>
        process.Output.Split('\n')
            .Where(l => l.Length > 0)
            .Select(l =>
            {
                try
                {
                    return JsonNode.Parse(l)!.AsObject();
                }
                catch (JsonException e)
                {
                    throw new ShouldAssertException($"not a JSON log line: {l}", e);
                }
            })
            .ToList();

    private static bool HasScope(JsonObject line, string scope) =>
        line["Scopes"] is JsonArray scopes && scopes.Any(s => s?["Message"]?.GetValue<string>() == scope);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtc();

    /// <summary>The simple console formatter, single line: timestamp, level, category and event id, scopes, message.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex TextLine();
}
