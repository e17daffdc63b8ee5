using Prometheus;

namespace KubeContainers.Runtime.Hosting;

/// <summary>The runtime's Prometheus series, named and labelled as controller-runtime and client-go export them, so
/// dashboards and alerts written for controller-runtime operators match (see the README's metrics table).
/// prometheus-net registers them once per process in the default registry.</summary>
internal static class RuntimeMetrics
{
    /// <summary>controller-runtime's reconcile_time_seconds buckets: fine below 1 s, coarse up to a minute.</summary>
    private static readonly double[] ReconcileBuckets =
    [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
        1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
    ];

    /// <summary>client-go's workqueue buckets: powers of ten from 10 ns to 1000 s.</summary>
    private static readonly double[] WorkqueueBuckets = Histogram.ExponentialBuckets(10e-9, 10, 12);

    /// <summary>Our own queue wait by priority: doubling from 5 ms to 164 s, so a p99 reads to within a factor of two
    /// (client-go's decades read any p99 between 10 and 100 s as 94-99 s).</summary>
    private static readonly double[] PriorityWaitBuckets = Histogram.ExponentialBuckets(0.005, 2, 16);

    // controller-runtime labels every workqueue series with both name and controller (the same value).
    private static readonly string[] QueueLabels = ["name", "controller"];

    public static readonly Counter ReconcileTotal = Metrics.CreateCounter(
        "controller_runtime_reconcile_total", "Total number of reconciliations per controller", "controller", "result");

    public static readonly Counter ReconcileErrors = Metrics.CreateCounter(
        "controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller", "controller");

    public static readonly Counter TerminalReconcileErrors = Metrics.CreateCounter(
        "controller_runtime_terminal_reconcile_errors_total", "Total number of terminal reconciliation errors per controller", "controller");

    public static readonly Histogram ReconcileTime = Metrics.CreateHistogram(
        "controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = ReconcileBuckets });

    public static readonly Gauge MaxConcurrentReconciles = Metrics.CreateGauge(
        "controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller", "controller");

    public static readonly Gauge ActiveWorkers = Metrics.CreateGauge(
        "controller_runtime_active_workers", "Number of currently used workers per controller", "controller");

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "workqueue_depth", "Current depth of workqueue", QueueLabels);

    public static readonly Counter QueueAdds = Metrics.CreateCounter(
        "workqueue_adds_total", "Total number of adds handled by workqueue", QueueLabels);

    public static readonly Histogram QueueDuration = Metrics.CreateHistogram(
        "workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested",
        new HistogramConfiguration { LabelNames = QueueLabels, Buckets = WorkqueueBuckets });

    /// <summary>The queue duration split by the priority the key was handed out at (high: the primary object's own
    /// change; normal: a child's wake-up or a retry; low: a first list or a periodic re-check), so the wait of a
    /// user's edit shows apart from the backlog behind it. Not client-go's: its queue has no priorities.</summary>
    public static readonly Histogram QueueDurationByPriority = Metrics.CreateHistogram(
        "kubecontainers_workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested, by the priority it was requested at",
        new HistogramConfiguration { LabelNames = ["name", "priority"], Buckets = PriorityWaitBuckets });

    public static readonly Histogram WorkDuration = Metrics.CreateHistogram(
        "workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes.",
        new HistogramConfiguration { LabelNames = QueueLabels, Buckets = WorkqueueBuckets });

    public static readonly Gauge UnfinishedWork = Metrics.CreateGauge(
        "workqueue_unfinished_work_seconds",
        "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. "
        + "Large values indicate stuck threads.", QueueLabels);

    public static readonly Gauge LongestRunningProcessor = Metrics.CreateGauge(
        "workqueue_longest_running_processor_seconds",
        "How many seconds has the longest running processor for workqueue been running.", QueueLabels);

    public static readonly Counter QueueRetries = Metrics.CreateCounter(
        "workqueue_retries_total", "Total number of retries handled by workqueue", QueueLabels);

    public static readonly Counter RestClientRequests = Metrics.CreateCounter(
        "rest_client_requests_total", "Number of HTTP requests, partitioned by status code, method, and host.",
        "code", "method", "host");

    public static readonly Gauge LeaderElectionMasterStatus = Metrics.CreateGauge(
        "leader_election_master_status",
        "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. "
        + "'name' is the string used to identify the lease. Please make sure to group by name.", "name");

    public static readonly Counter Relists = Metrics.CreateCounter(
        "kubecontainers_informer_relists_total", "Full lists made by informers (start, 410 Gone, errors).", "kind");

    public static readonly Counter EventsDropped = Metrics.CreateCounter(
        "kubecontainers_events_dropped_total", "Events not sent because the recorder's queue was full.");

    private static readonly Lock SamplersGate = new();
    private static readonly HashSet<Action> Samplers = [];
    private static bool sampling;

    /// <summary>Runs <paramref name="sampler"/> before every scrape until the returned handle is disposed: gauges
    /// such as the work in progress are exact at the scrape rather than refreshed on a timer.</summary>
    public static IDisposable OnCollect(Action sampler)
    {
        lock (SamplersGate)
        {
            Samplers.Add(sampler);
            if (!sampling)
            {
                sampling = true;
                Metrics.DefaultRegistry.AddBeforeCollectCallback(Sample);
            }
        }

        return new Unregister(sampler);
    }

    private static void Sample()
    {
        Action[] samplers;
        lock (SamplersGate)
        {
            samplers = [.. Samplers];
        }

        foreach (var sample in samplers)
        {
            sample();
        }
    }

    private sealed class Unregister(Action sampler) : IDisposable
    {
        public void Dispose()
        {
            lock (SamplersGate)
            {
                Samplers.Remove(sampler);
            }
        }
    }
}
