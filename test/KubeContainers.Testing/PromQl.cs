using System.Text.Json;

namespace KubeContainers.Testing;

/// <summary>What Prometheus's own parser says of one query: its syntax and type errors and the metrics it selects.</summary>
public sealed record PromQlResult(string Source, string Expr, IReadOnlyList<string> Errors, IReadOnlyList<string> Metrics);

/// <summary>
/// Runs <c>check-promql.cjs</c>: Prometheus's PromQL grammar (@prometheus-io/lezer-promql) and its type checker
/// (@prometheus-io/codemirror-promql), from <c>.tools/node</c>. A missing tool fails the test rather than skipping it.
/// </summary>
public static class PromQl
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<PromQlResult>> CheckAsync(IEnumerable<MonitoringQuery> queries)
    {
        var input = Path.Combine(Path.GetTempPath(), $"kubecontainers-promql-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(queries, Json));
        try
        {
            var script = RepoPaths.File(Path.Combine("test", "KubeContainers.Testing", "check-promql.cjs"));
            var result = (await ProcessRunner.RunAsync("node", [script, input], "Node.js must be on PATH; run `make tools`"))
                .ShouldSucceed("check-promql.cjs");
            return JsonSerializer.Deserialize<List<PromQlResult>>(result.Stdout, Json)!;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
