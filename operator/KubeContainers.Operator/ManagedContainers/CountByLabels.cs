using Prometheus;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// A gauge that counts objects by their labels: each object (by uid) is counted under at most one set of labels, and
/// moving it to another set, or out, takes it from the old one. Not thread-safe: the caller holds its lock.
/// </summary>
internal sealed class CountByLabels(Gauge gauge)
{
    private readonly Dictionary<string, string[]> counted = new(StringComparer.Ordinal);

    /// <summary>Counts <paramref name="uid"/> under <paramref name="labels"/>, or no longer when null.</summary>
    public void Set(string uid, string[]? labels)
    {
        counted.TryGetValue(uid, out var was);
        if (was is not null && labels is not null && was.SequenceEqual(labels))
        {
            return;
        }

        // The new set first: a scrape between the two never sees the object in neither (a lone crash-looping
        // container would read 0 for a moment, and an alert's `for` would start again).
        if (labels is not null)
        {
            counted[uid] = labels;
            gauge.WithLabels(labels).Inc();
        }
        else
        {
            counted.Remove(uid);
        }

        if (was is not null)
        {
            gauge.WithLabels(was).Dec();
        }
    }
}
