using System.Globalization;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The real operator's /metrics, scraped as Prometheus scrapes it, after it made a container Ready: every metric in
/// <see cref="ExportedMetrics"/> has samples, with controller-runtime's and client-go's labels, and no series is
/// labelled by a container; and every metric the chart's alerts and dashboard name is among them.
/// </summary>
[ClusterTest]
public sealed class MetricsSystemTests(LeaderElectedCluster cluster) : IClassFixture<LeaderElectedCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_operator_exports_every_metric_dashboards_and_alerts_name()
    {
        var ns = await cluster.NamespaceAsync("metrics");
        await cluster.ApplyAsync(ns, "metered", "  image: nginxinc/nginx-unprivileged\n  port: 8080\n");
        await cluster.WaitReadyAsync(ns, "metered");
        // One that cannot become Ready: the not-Ready series the alert reads need a container to count.
        await cluster.ApplyAsync(ns, "unpullable", "  image: example.com/app:pull-error\n  port: 8080\n");

        // Ready is written by the reconcile before the watch event that times it reaches the metrics: wait for it.
        var text = await Eventually.Returns(
            () => cluster.Operator.MetricsTextAsync(),
            t => Value(t, "kubecontainers_containers", $"namespace=\"{ns}\"", "phase=\"Running\"") == 1
                && Value(t, "kubecontainers_containers_not_ready", $"namespace=\"{ns}\"", "reason=\"ImagePullFailed\"") == 1,
            $"{ns}: one Running container and one not Ready for ImagePullFailed on /metrics",
            Converge);

        var sampled = ExportedMetrics.Sampled(text);
        ExportedMetrics.All.Where(name => !sampled.Contains(name)).ShouldBeEmpty("every exported metric has samples on /metrics");

        // The chart's alerts and dashboard, parsed by Prometheus's own parser, name only series found here.
        var series = ExportedMetrics.SampledSeries(text);
        var queries = await PromQl.CheckAsync(await MonitoringQueries.FromChartAsync());
        queries.SelectMany(q => q.Metrics.Where(m => !series.Contains(m) && !MonitoringQueries.PrometheusOwn.Contains(m)).Select(m => $"{q.Source}: {m}"))
            .ShouldBeEmpty("every metric an alert or the dashboard names has samples on the running operator's /metrics");

        Value(text, "leader_election_master_status", $"name=\"{OperatorIdentity.LeaseName}\"").ShouldBe(1);
        foreach (var result in (string[])["success", "error", "requeue", "requeue_after"])
        {
            Lines(text, "controller_runtime_reconcile_total", "controller=\"managedcontainer\"", $"result=\"{result}\"").Count.ShouldBe(1, result);
        }

        // --resync-seconds 3: a Ready container's reconcile asks to look again later.
        Value(text, "controller_runtime_reconcile_total", "controller=\"managedcontainer\"", "result=\"requeue_after\"").ShouldBeGreaterThan(0);
        Value(text, "controller_runtime_max_concurrent_reconciles", "controller=\"managedcontainer\"").ShouldBe(4, "--workers 4");
        Lines(text, "workqueue_depth", "name=\"managedcontainer\"", "controller=\"managedcontainer\"").ShouldNotBeEmpty();
        Value(text, "rest_client_requests_total", "code=\"200\"", "method=\"GET\"", $"host=\"{cluster.Cluster.Url.Authority}\"").ShouldBeGreaterThan(0);
        Value(text, "kubecontainers_time_to_ready_seconds_count").ShouldBeGreaterThanOrEqualTo(1);
        Value(text, "kubecontainers_refusals_total", $"namespace=\"{ns}\"", "reason=\"QuotaExceeded\"").ShouldBe(0);
        Lines(text, "kubecontainers_containers_not_ready", $"namespace=\"{ns}\"", "reason=\"Ready\"").ShouldBeEmpty("Ready is not a reason to be not Ready");
        var since = Value(text, "kubecontainers_oldest_not_ready_timestamp_seconds", $"namespace=\"{ns}\"", "reason=\"ImagePullFailed\"");
        since.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "since the unpullable container's Ready turned False");
        text.Split('\n').Where(l => !l.StartsWith('#') && l.Contains("metered", StringComparison.Ordinal))
            .ShouldBeEmpty("no series is labelled by a container's name");
    }

    private static List<string> Lines(string text, string name, params string[] labels) =>
        [.. text.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Length > name.Length && l[name.Length] is ' ' or '{'
            && labels.All(label => l.Contains(label, StringComparison.Ordinal)))];

    private static double Value(string text, string name, params string[] labels) =>
        Lines(text, name, labels).Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
