namespace KubeContainers.Runtime.Client;

/// <summary>A token bucket: <c>Qps</c> tokens per second, at most <c>Burst</c> stored. Callers reserve a token and
/// are told how long to wait for it, so waiting callers queue fairly in reservation order.</summary>
internal sealed class TokenBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly double qps;
    private readonly double burst;
    private double tokens;
    private long lastTimestamp;

    public TokenBucket(double qps, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(qps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.qps = qps;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Takes a token, possibly borrowing from the future; returns how long the caller must wait.</summary>
    public TimeSpan Reserve()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(lastTimestamp, now).TotalSeconds * qps));
            lastTimestamp = now;
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / qps);
        }
    }

    public async Task WaitAsync(CancellationToken ct)
    {
        var delay = Reserve();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, ct).ConfigureAwait(false);
        }
    }
}
