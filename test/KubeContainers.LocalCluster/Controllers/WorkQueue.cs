namespace KubeContainers.LocalCluster.Controllers;

/// <summary>Keys to reconcile, each with the earliest time it is due; adding a key again only ever brings it forward.</summary>
internal sealed class WorkQueue(TimeProvider clock)
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    public void Add(string key, TimeSpan after)
    {
        var when = clock.GetUtcNow() + after;
        if (!_due.TryGetValue(key, out var current) || when < current)
        {
            _due[key] = when;
        }
    }

    /// <summary>Removes and returns the keys due now, in key order so work is deterministic.</summary>
    public IReadOnlyList<string> TakeDue()
    {
        var now = clock.GetUtcNow();
        var due = _due.Where(kv => kv.Value <= now).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var key in due)
        {
            _due.Remove(key);
        }

        return due;
    }

    /// <summary>How long until the next key is due; null when nothing is scheduled.</summary>
    public TimeSpan? NextDueIn()
    {
        if (_due.Count == 0)
        {
            return null;
        }

        var wait = _due.Values.Min() - clock.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}
