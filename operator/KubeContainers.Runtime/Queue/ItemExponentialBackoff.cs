using System.Collections.Concurrent;

namespace KubeContainers.Runtime.Queue;

/// <summary>Per-key exponential backoff: base·2^failures, capped. A key's count resets only on <see cref="Forget"/>.</summary>
internal sealed class ItemExponentialBackoff<TKey>(TimeSpan baseDelay, TimeSpan maxDelay)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, int> failures = new();

    public TimeSpan When(TKey key)
    {
        var exponent = failures.AddOrUpdate(key, 1, static (_, n) => n + 1) - 1;
        // Past 2^40 the product overflows long before it matters: the cap applies anyway.
        if (exponent > 40)
        {
            return maxDelay;
        }

        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public int NumRequeues(TKey key) => failures.TryGetValue(key, out var n) ? n : 0;

    public void Forget(TKey key) => failures.TryRemove(key, out _);
}
