namespace KubeContainers.Runtime.Cache;

/// <summary>Reconnect delays for a failing list or watch: 0.8 s doubling to 30 s, with up to 20 % jitter so that
/// many informers (or replicas) do not reconnect in lockstep after an API server restart.</summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max)
{
    private int failures;

    public ReconnectBackoff()
        : this(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30))
    {
    }

    public TimeSpan Next()
    {
        var exponent = Math.Min(failures++, 16);
        var delay = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = delay * (1 + (Random.Shared.NextDouble() * 0.2));
        return TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, jittered));
    }

    public void Reset() => failures = 0;
}
