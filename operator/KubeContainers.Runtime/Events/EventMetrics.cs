using Prometheus;

namespace KubeContainers.Runtime.Events;

internal static class EventMetrics
{
    public static readonly Counter Dropped = Metrics.CreateCounter(
        "kubecontainers_events_dropped_total", "Events not sent because the recorder's queue was full.");
}
