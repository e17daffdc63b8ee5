using Prometheus;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Containers meant to run that are not Ready, grouped by namespace and reason: how many
/// (<c>kubecontainers_containers_not_ready</c>) and since when the longest waiting one has not been Ready
/// (<c>kubecontainers_oldest_not_ready_timestamp_seconds</c>, Unix seconds), so an alert can say "one container has
/// not been Ready for 15 minutes" without a series per container. Not thread-safe: the caller holds its lock.
/// </summary>
internal sealed class NotReadyGauges
{
    private readonly Gauge count;
    private readonly Gauge oldest;
    private readonly Dictionary<string, (string[] Labels, double Since)> containers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Reason), Dictionary<string, double>> groups = [];

    public NotReadyGauges(MetricFactory factory)
    {
        count = factory.CreateGauge("kubecontainers_containers_not_ready",
            "ManagedContainers meant to run (not stopped, expired, finished or deleting) whose Ready condition is not True, by namespace and the condition's reason.",
            "namespace", "reason");
        oldest = factory.CreateGauge("kubecontainers_oldest_not_ready_timestamp_seconds",
            "Unix time since which the longest not-Ready container of the namespace and reason has not been Ready (its Ready condition's lastTransitionTime).",
            "namespace", "reason");
    }

    /// <summary>Counts <paramref name="uid"/> as not Ready in <paramref name="ns"/> for <paramref name="reason"/>
    /// since <paramref name="since"/> (Unix seconds), or as not (any more) when <paramref name="reason"/> is null.</summary>
    public void Set(string uid, string ns, string? reason, double since)
    {
        containers.Remove(uid, out var was);
        if (reason is not null)
        {
            // Into the new group before out of the old: a scrape in between never sees the container in neither.
            string[] labels = was.Labels is { } same && same[0] == ns && same[1] == reason ? same : [ns, reason];
            containers[uid] = (labels, since);
            if (!groups.TryGetValue((ns, reason), out var group))
            {
                groups[(ns, reason)] = group = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            group[uid] = since;
            Publish(labels, group);
            if (ReferenceEquals(labels, was.Labels))
            {
                return;
            }
        }

        if (was.Labels is not null)
        {
            Leave(uid, was.Labels);
        }
    }

    private void Leave(string uid, string[] labels)
    {
        var group = groups[(labels[0], labels[1])];
        group.Remove(uid);
        Publish(labels, group);
    }

    private void Publish(string[] labels, Dictionary<string, double> group)
    {
        count.WithLabels(labels).Set(group.Count);
        if (group.Count == 0)
        {
            // No container to be oldest: the series goes, so min() over it and the alert see nothing.
            oldest.RemoveLabelled(labels);
            groups.Remove((labels[0], labels[1]));
        }
        else
        {
            oldest.WithLabels(labels).Set(group.Values.Min());
        }
    }
}
