namespace KubeContainers.Testing;

/// <summary>
/// Every metric the operator exports on /metrics that dashboards and alerts may name: controller-runtime's and
/// client-go's (named and labelled as they export them) and the domain's own. One list for the whole-system test that
/// scrapes a running operator and for the alert and dashboard checks, which may name only these.
/// </summary>
public static class ExportedMetrics
{
    /// <summary>controller-runtime's controller series, by controller.</summary>
    public static readonly IReadOnlyList<string> ControllerRuntime =
    [
        "controller_runtime_reconcile_total",
        "controller_runtime_reconcile_errors_total",
        "controller_runtime_terminal_reconcile_errors_total",
        "controller_runtime_reconcile_time_seconds",
        "controller_runtime_max_concurrent_reconciles",
        "controller_runtime_active_workers",
    ];

    /// <summary>client-go's work queue series, by name (and controller, as controller-runtime labels them).</summary>
    public static readonly IReadOnlyList<string> Workqueue =
    [
        "workqueue_adds_total",
        "workqueue_depth",
        "workqueue_queue_duration_seconds",
        "workqueue_work_duration_seconds",
        "workqueue_retries_total",
        "workqueue_unfinished_work_seconds",
        "workqueue_longest_running_processor_seconds",
    ];

    /// <summary>client-go's API client and leader election series.</summary>
    public static readonly IReadOnlyList<string> ClientGo =
    [
        "rest_client_requests_total",
        "leader_election_master_status",
    ];

    /// <summary>The domain's own: by namespace, phase and reason, never by container.</summary>
    public static readonly IReadOnlyList<string> Domain =
    [
        "kubecontainers_containers",
        "kubecontainers_containers_not_ready",
        "kubecontainers_oldest_not_ready_timestamp_seconds",
        "kubecontainers_time_to_ready_seconds",
        "kubecontainers_rollbacks_total",
        "kubecontainers_expiries_total",
        "kubecontainers_refusals_total",
        "kubecontainers_informer_relists_total",
        "kubecontainers_events_dropped_total",
        "kubecontainers_usage_cpu_core_seconds_total",
        "kubecontainers_usage_memory_gib_seconds_total",
        "kubecontainers_usage_gpu_seconds_total",
        "kubecontainers_usage_storage_gib_seconds_total",
        "kubecontainers_workqueue_queue_duration_seconds",
    ];

    /// <summary>The histograms above: a query names their _bucket, _sum or _count series, never the bare name (Prometheus
    /// stores none under it).</summary>
    public static readonly IReadOnlyList<string> Histograms =
    [
        "controller_runtime_reconcile_time_seconds",
        "workqueue_queue_duration_seconds",
        "workqueue_work_duration_seconds",
        "kubecontainers_time_to_ready_seconds",
        "kubecontainers_workqueue_queue_duration_seconds",
    ];

    /// <summary>The series names a query may select: every metric above, a histogram by its three series.</summary>
    public static IReadOnlySet<string> Queryable => All.Except(Histograms)
        .Concat(Histograms.SelectMany(h => (string[])[h + "_bucket", h + "_sum", h + "_count"]))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Every metric above. A histogram counts as found by its _bucket, _sum and _count samples.</summary>
    public static IReadOnlyList<string> All { get; } = [.. ControllerRuntime, .. Workqueue, .. ClientGo, .. Domain];

    /// <summary>The metric names that have at least one sample in a /metrics text (HELP and TYPE lines alone do not
    /// count: Prometheus stores nothing for them); a histogram's samples count under its own name.</summary>
    public static IReadOnlySet<string> Sampled(string exposition) => Names(exposition, histogramsByBaseName: true);

    /// <summary>The series names with at least one sample, exactly as written (a histogram as its _bucket, _sum and
    /// _count): what a query can select.</summary>
    public static IReadOnlySet<string> SampledSeries(string exposition) => Names(exposition, histogramsByBaseName: false);

    private static HashSet<string> Names(string exposition, bool histogramsByBaseName)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var name = line[..line.IndexOfAny(['{', ' '])];
            names.Add(name);
            if (!histogramsByBaseName)
            {
                continue;
            }

            foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    names.Add(name[..^suffix.Length]);
                }
            }
        }

        return names;
    }
}
