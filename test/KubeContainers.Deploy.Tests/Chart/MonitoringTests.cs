using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary>
/// The chart's PrometheusRule and Grafana dashboard: every query parses and type-checks with Prometheus's own parser
/// and names only metrics the operator exports (<see cref="ExportedMetrics"/>; the whole-system metrics test finds
/// each of those, and each query's metrics, on a running operator's /metrics).
/// </summary>
public sealed class MonitoringTests
{
    public static readonly string[] Options =
    [
        .. MonitoringQueries.EverythingOn,
        "--set=serviceMonitor.enabled=false",
        "--set=prometheusRule.namespace=monitoring",
        "--set=prometheusRule.labels.release=kube-prometheus-stack",
        "--set=prometheusRule.selector=job=\"kubecontainers\"\\,cluster=\"east\"",
        "--set-json=prometheusRule.additionalLabels={\"team\":\"platform\"}",
        "--set-json=prometheusRule.disabled=[\"KubeContainersQueueBacklog\"]",
        "--set-json=prometheusRule.notReadyIgnoredReasons=[\"PlanExceeded\",\"Initializing\"]",
        "--set=prometheusRule.notReadySeconds=1800",
        "--set-json=prometheusRule.additionalRules=[{\"record\":\"kubecontainers:reconciles:rate5m\",\"expr\":\"sum(rate(controller_runtime_reconcile_total[5m]))\"}]",
        "--set=grafanaDashboard.namespace=grafana",
        "--set=grafanaDashboard.annotations.grafana_folder=Platform",
    ];

    public static readonly string[] Alerts =
    [
        "KubeContainersOperatorDown", "KubeContainersNoLeader", "KubeContainersReconcileErrors", "KubeContainersWorkStuck",
        "KubeContainersQueueBacklog", "KubeContainersNotReady",
    ];

    public static TheoryData<string, string[]> ValueSets => new()
    {
        { "defaults", [] },
        { "options", Options[MonitoringQueries.EverythingOn.Length..] },
    };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Every_alert_and_dashboard_query_parses_and_names_only_exported_metrics(string name, string[] flags)
    {
        var queries = await MonitoringQueries.FromChartAsync(flags);
        queries.Count(q => q.Source.StartsWith("alert ", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(Alerts.Length - 1, name);
        queries.Count(q => q.Source.Contains(" panel ", StringComparison.Ordinal)).ShouldBeGreaterThan(20);

        var results = await PromQl.CheckAsync(queries);

        results.Where(r => r.Errors.Count > 0).Select(r => $"{r.Source}: {r.Expr}: {string.Join("; ", r.Errors)}").ShouldBeEmpty(name);
        results.SelectMany(r => r.Metrics.Where(m => !ExportedMetrics.Queryable.Contains(m) && !MonitoringQueries.PrometheusOwn.Contains(m))
                .Select(m => $"{r.Source}: {m}"))
            .ShouldBeEmpty("queries may name only metrics in ExportedMetrics, a histogram by its _bucket, _sum or _count");
        results.ShouldAllBe(r => r.Metrics.Count > 0, "every query selects a metric");
        var named = results.SelectMany(r => r.Metrics).Select(HistogramBase).ToHashSet(StringComparer.Ordinal);
        ExportedMetrics.ControllerRuntime.Concat(ExportedMetrics.Workqueue).Concat(ExportedMetrics.ClientGo).Where(m => !named.Contains(m))
            .ShouldBeEmpty("the dashboard shows every controller-runtime and client-go series");
    }

    [Fact]
    public async Task Alerts_without_a_way_to_find_the_operator_are_refused()
    {
        var result = await Helm.TryTemplateAsync("--set=prometheusRule.enabled=true");

        result.ExitCode.ShouldNotBe(0);
        result.Stderr.ShouldContain("prometheusRule.enabled needs serviceMonitor.enabled");
    }

    [Fact]
    public async Task The_parser_catches_what_Prometheus_would_refuse()
    {
        // The check itself must be able to fail: a syntax error, a type error and an unknown name.
        var results = await PromQl.CheckAsync([
            new MonitoringQuery("syntax", "sum(rate(workqueue_adds_total[5m])"),
            new MonitoringQuery("type", "rate(workqueue_depth)"),
            new MonitoringQuery("fine", "sum by (le) (rate(workqueue_queue_duration_seconds_bucket{job=\"x\"}[5m]))"),
            new MonitoringQuery("by name", "{__name__=\"up\", job=\"x\"} == 1"),
        ]);

        results[0].Errors.ShouldNotBeEmpty();
        results[1].Errors.ShouldContain(e => e.Contains("expected type matrix", StringComparison.Ordinal));
        results[2].Errors.ShouldBeEmpty();
        results[2].Metrics.ShouldBe(["workqueue_queue_duration_seconds_bucket"]);
        results[3].Metrics.ShouldBe(["up"]);
    }

    [Fact]
    public async Task Monitoring_is_off_by_default()
    {
        var objects = await Helm.TemplateAsync();

        objects.OfKind("PrometheusRule").ShouldBeEmpty();
        objects.OfKind("ConfigMap").ShouldNotContain(c => c["metadata"]!["name"]!.GetValue<string>().EndsWith("-dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_rules_pick_the_operators_series_by_its_metrics_Service_job()
    {
        var rules = Rules((await Helm.TemplateAsync(MonitoringQueries.EverythingOn)).OneOf("PrometheusRule"));

        rules.Select(r => r["alert"]!.GetValue<string>()).ShouldBe(Alerts);
        rules.ShouldAllBe(r => r["expr"]!.GetValue<string>().Contains("job=\"kc-kubecontainers-metrics\"", StringComparison.Ordinal));
        Rule(rules, "KubeContainersNoLeader")["expr"]!.GetValue<string>().ShouldContain("name=\"kc-kubecontainers\"", customMessage: "the chart's Lease");
        Rule(rules, "KubeContainersNotReady")["expr"]!.GetValue<string>().ShouldEndWith("> 900");
        rules.ShouldAllBe(r => r["labels"]!["severity"] != null && r["annotations"]!["summary"] != null && r["annotations"]!["description"] != null);
    }

    [Fact]
    public async Task Without_leader_election_there_is_no_leader_alert()
    {
        var rules = Rules((await Helm.TemplateAsync("--set=prometheusRule.enabled=true", "--set=serviceMonitor.enabled=true")).OneOf("PrometheusRule"));

        rules.Select(r => r["alert"]!.GetValue<string>()).ShouldBe(Alerts.Where(a => a != "KubeContainersNoLeader"));
    }

    [Fact]
    public async Task Rule_options_reach_every_alert()
    {
        var objects = await Helm.TemplateAsync(Options);
        var rule = objects.OneOf("PrometheusRule");
        var rules = Rules(rule);

        rule["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("monitoring");
        rule["metadata"]!["labels"]!["release"]!.GetValue<string>().ShouldBe("kube-prometheus-stack");
        rules.Where(r => r["alert"] != null).Select(r => r["alert"]!.GetValue<string>()).ShouldNotContain("KubeContainersQueueBacklog");
        rules.Where(r => r["alert"] != null).ShouldAllBe(r =>
            r["expr"]!.GetValue<string>().Contains("job=\"kubecontainers\",cluster=\"east\"", StringComparison.Ordinal)
            && r["labels"]!["team"]!.GetValue<string>() == "platform");
        var notReady = Rule(rules, "KubeContainersNotReady");
        notReady["expr"]!.GetValue<string>().ShouldContain("reason!~\"PlanExceeded|Initializing\"");
        notReady["expr"]!.GetValue<string>().ShouldEndWith("> 1800");
        rules.ShouldContain(r => r["record"] != null && r["record"]!.GetValue<string>() == "kubecontainers:reconciles:rate5m");

        var dashboard = objects.OneOf("ConfigMap", "kc-kubecontainers-dashboard");
        dashboard["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("grafana");
        dashboard["metadata"]!["annotations"]!["grafana_folder"]!.GetValue<string>().ShouldBe("Platform");
    }

    [Fact]
    public async Task The_dashboard_is_one_Grafana_dashboard_the_sidecar_loads()
    {
        var configMap = (await Helm.TemplateAsync(MonitoringQueries.EverythingOn)).OneOf("ConfigMap", "kc-kubecontainers-dashboard");
        configMap["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>().ShouldBe("1", "kube-prometheus-stack's sidecar label");
        var dashboard = JsonNode.Parse(configMap["data"]!["kubecontainers-operator.json"]!.GetValue<string>())!.AsObject();

        dashboard["uid"]!.GetValue<string>().ShouldBe("kubecontainers-operator", "a stable uid: links and provisioning rely on it");
        var panels = dashboard["panels"]!.AsArray().Select(p => p!.AsObject()).ToList();
        panels.Select(p => p["id"]!.GetValue<int>()).ShouldBeUnique();
        panels.ShouldAllBe(p => p["gridPos"]!["x"]!.GetValue<int>() + p["gridPos"]!["w"]!.GetValue<int>() <= 24);
        panels.Where(p => p["type"]!.GetValue<string>() != "row")
            .ShouldAllBe(p => p["datasource"]!["uid"]!.GetValue<string>() == "${datasource}" && p["description"] != null);
        dashboard["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).ShouldBe(["datasource", "job", "namespace"]);
    }

    private static string HistogramBase(string metric)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal))
            {
                return metric[..^suffix.Length];
            }
        }

        return metric;
    }

    private static List<JsonObject> Rules(JsonObject rule) =>
        [.. rule["spec"]!["groups"]!.AsArray().Single()!["rules"]!.AsArray().Select(r => r!.AsObject())];

    private static JsonObject Rule(List<JsonObject> rules, string alert) =>
        rules.Single(r => r["alert"]?.GetValue<string>() == alert);
}
