using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Queue;

/// <summary>controller-runtime's default: the slower of a per-key exponential backoff (5 ms to 1000 s) and a global
/// token bucket (10 per second, burst 100), so one failing key backs off alone while a storm of failures is
/// throttled as a whole.</summary>
internal sealed class ControllerRateLimiter<TKey>
    where TKey : notnull
{
    private readonly ItemExponentialBackoff<TKey> perItem;
    private readonly TokenBucket overall;

    public ControllerRateLimiter(TimeProvider time)
        : this(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000), qps: 10, burst: 100, time)
    {
    }

    public ControllerRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay, double qps, int burst, TimeProvider time)
    {
        perItem = new ItemExponentialBackoff<TKey>(baseDelay, maxDelay);
        overall = new TokenBucket(qps, burst, time);
    }

    public TimeSpan When(TKey key)
    {
        var item = perItem.When(key);
        var bucket = overall.Reserve();
        return item > bucket ? item : bucket;
    }

    public int NumRequeues(TKey key) => perItem.NumRequeues(key);

    public void Forget(TKey key) => perItem.Forget(key);
}
