using KubeContainers.Runtime.Hosting;
using Prometheus;

namespace KubeContainers.Runtime.Events;

internal static class EventMetrics
{
    /// <summary>Registered with the runtime's series, so it is exported (at 0) before the first drop.</summary>
    public static Counter Dropped => RuntimeMetrics.EventsDropped;
}
