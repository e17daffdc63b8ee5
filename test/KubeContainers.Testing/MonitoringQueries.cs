using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace KubeContainers.Testing;

/// <summary>One PromQL query of the chart: an alert's expression or a dashboard panel's (or variable's) query.</summary>
public sealed record MonitoringQuery(string Source, string Expr);

/// <summary>
/// Every PromQL query the chart ships, read from <c>helm template</c> with the PrometheusRule and the Grafana
/// dashboard on (and leader election, so every alert renders): what the alert and dashboard checks parse, and what the
/// whole-system metrics test looks for on a running operator's /metrics.
/// </summary>
public static partial class MonitoringQueries
{
    /// <summary>The series Prometheus itself writes for every target it scrapes; no exporter exports them.</summary>
    public static readonly IReadOnlySet<string> PrometheusOwn = new HashSet<string>(StringComparer.Ordinal) { "up" };

    public static readonly string[] EverythingOn =
    [
        "--set=serviceMonitor.enabled=true", "--set=prometheusRule.enabled=true", "--set=grafanaDashboard.enabled=true",
        "--set=replicaCount=2",
    ];

    /// <summary>Renders the chart with <see cref="EverythingOn"/> and <paramref name="flags"/> (helm's) and reads the
    /// queries out of it.</summary>
    public static async Task<IReadOnlyList<MonitoringQuery>> FromChartAsync(params string[] flags)
    {
        var result = (await IsolatedHelm.RunAsync(
            ["template", "kc", "charts/kubecontainers", "--namespace", "kubecontainers-system", .. EverythingOn, .. flags],
            TimeSpan.FromMinutes(2))).ShouldSucceed("helm template");
        return FromRendered(result.Stdout);
    }

    /// <summary>The queries of every PrometheusRule and of every dashboard JSON in a ConfigMap of <paramref name="yaml"/>.</summary>
    public static IReadOnlyList<MonitoringQuery> FromRendered(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var queries = new List<MonitoringQuery>();
        foreach (var root in stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>())
        {
            switch (Scalar(root, "kind"))
            {
                case "PrometheusRule":
                    foreach (var rule in Children(Child(root, "spec"), "groups").SelectMany(g => Children(g, "rules")))
                    {
                        var name = Scalar(rule, "alert") ?? Scalar(rule, "record") ?? "rule";
                        queries.Add(new MonitoringQuery($"alert {name}", Scalar(rule, "expr") ?? ""));
                    }

                    break;
                case "ConfigMap" when Child(root, "data") is YamlMappingNode data:
                    foreach (var (key, value) in data.Children)
                    {
                        if (((YamlScalarNode)key).Value is { } file && file.EndsWith(".json", StringComparison.Ordinal))
                        {
                            queries.AddRange(FromDashboard(file, JsonNode.Parse(((YamlScalarNode)value).Value ?? "{}")!.AsObject()));
                        }
                    }

                    break;
            }
        }

        return queries;
    }

    /// <summary>A Grafana dashboard's panel targets (rows' panels included) and the metric selectors of its
    /// label_values() variables, with Grafana's variables interpolated as Grafana does before Prometheus sees them.</summary>
    public static IEnumerable<MonitoringQuery> FromDashboard(string file, JsonObject dashboard)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var panels = (dashboard["panels"]?.AsArray() ?? []).OfType<JsonObject>()
            .SelectMany(p => (p["panels"]?.AsArray() ?? []).OfType<JsonObject>().Prepend(p));
        foreach (var panel in panels)
        {
            foreach (var target in (panel["targets"]?.AsArray() ?? []).OfType<JsonObject>())
            {
                yield return new MonitoringQuery($"{file} panel \"{panel["title"]}\" {target["refId"]}", Interpolate(target["expr"]?.GetValue<string>() ?? ""));
            }
        }

        foreach (var variable in (dashboard["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            var query = variable["query"] is JsonObject q ? q["query"]?.GetValue<string>() : variable["query"]?.GetValue<string>();
            if (variable["type"]?.GetValue<string>() == "query" && query is not null && LabelValues().Match(query) is { Success: true } m)
            {
                yield return new MonitoringQuery($"{file} variable {variable["name"]}", Interpolate(m.Groups["selector"].Value));
            }
        }
    }

    /// <summary>Grafana replaces its range variables by a duration and the dashboard's own by their values.</summary>
    public static string Interpolate(string expr) =>
        GrafanaVariable().Replace(expr, m => m.Groups["name"].Value is "__rate_interval" or "__interval" or "__range" ? "5m" : "x");

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Children(YamlNode? node, string key) => Child(node, key) is YamlSequenceNode list ? list.Children : [];

    [GeneratedRegex(@"\$\{(?<name>\w+)(:\w+)?\}|\$(?<name>\w+)|\[\[(?<name>\w+)\]\]")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*\w+\s*\)\s*$")]
    private static partial Regex LabelValues();
}
