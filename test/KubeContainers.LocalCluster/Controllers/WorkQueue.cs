namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// Keys to reconcile, each with the earliest time it is due; adding a key again only ever brings it forward. The due
/// times are also kept in a heap, so finding the due keys and the next due time does not scan every key (a Deployment
/// controller with ten thousand rollouts keeps ten thousand deadline rechecks queued).
/// </summary>
internal sealed class WorkQueue(TimeProvider clock)
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    // Every (key, due) ever scheduled and not yet taken; entries whose time no longer matches _due are stale and skipped.
    private readonly PriorityQueue<string, DateTimeOffset> _heap = new();

    public void Add(string key, TimeSpan after)
    {
        var when = clock.GetUtcNow() + after;
        if (!_due.TryGetValue(key, out var current) || when < current)
        {
            _due[key] = when;
            _heap.Enqueue(key, when);
        }
    }

    /// <summary>Removes and returns the keys due now, in key order so work is deterministic.</summary>
    public IReadOnlyList<string> TakeDue()
    {
        var now = clock.GetUtcNow();
        var due = new List<string>();
        while (_heap.TryPeek(out var key, out var when) && when <= now)
        {
            _heap.Dequeue();
            if (_due.TryGetValue(key, out var current) && current == when)
            {
                _due.Remove(key);
                due.Add(key);
            }
        }

        due.Sort(StringComparer.Ordinal);
        return due;
    }

    /// <summary>How long until the next key is due; null when nothing is scheduled.</summary>
    public TimeSpan? NextDueIn()
    {
        while (_heap.TryPeek(out var key, out var when))
        {
            if (_due.TryGetValue(key, out var current) && current == when)
            {
                var wait = when - clock.GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }

            _heap.Dequeue();
        }

        return null;
    }
}
