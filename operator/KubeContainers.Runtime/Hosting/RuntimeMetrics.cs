using Prometheus;

namespace KubeContainers.Runtime.Hosting;

/// <summary>The runtime's Prometheus series. prometheus-net registers them once per process in the default registry.</summary>
internal static class RuntimeMetrics
{
    public static readonly Counter Reconciles = Metrics.CreateCounter(
        "kubecontainers_reconcile_total", "Reconciles by controller and result (success, requeue, error, terminal).",
        "controller", "result");

    public static readonly Histogram ReconcileDuration = Metrics.CreateHistogram(
        "kubecontainers_reconcile_duration_seconds", "Time spent in ReconcileAsync.",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    public static readonly Gauge QueueDepth = Metrics.CreateGauge(
        "kubecontainers_workqueue_depth", "Keys waiting in the work queue.", "controller");

    public static readonly Histogram QueueWait = Metrics.CreateHistogram(
        "kubecontainers_workqueue_wait_seconds", "Time a key waited in the queue before a worker took it.",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 16) });

    public static readonly Counter Retries = Metrics.CreateCounter(
        "kubecontainers_workqueue_retries_total", "Keys re-queued with backoff after an error.", "controller");

    public static readonly Counter Relists = Metrics.CreateCounter(
        "kubecontainers_informer_relists_total", "Full lists made by informers (start, 410 Gone, errors).", "kind");

    public static readonly Counter ApiRequests = Metrics.CreateCounter(
        "kubecontainers_api_requests_total", "API server requests by verb and HTTP status code.", "verb", "code");
}
