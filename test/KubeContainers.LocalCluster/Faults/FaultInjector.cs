using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Faults;

/// <summary>
/// Faults for the reliability suite, settable from a test or through <c>/admin/faults</c>:
/// a fraction of requests answered 500, 409 or 429 (with Retry-After), added latency, all watches closed,
/// watches left open but silent, writes refused as an admission webhook or policy would (<see cref="RefuseWrites"/>).
/// Counters say how many faults were injected.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private CancellationTokenSource _watches = new();
    private long _injected500;
    private long _injected409;
    private long _injected429;
    private long _watchesClosed;
    private long _watchEventsSwallowed;
    private long _refused;
    private List<WriteRefusal> _refusals = [];

    /// <summary>Fraction (0..1) of writes answered 500 InternalError.</summary>
    public double WriteServerErrorRate { get; set; }

    /// <summary>Fraction (0..1) of writes answered 409 Conflict.</summary>
    public double WriteConflictRate { get; set; }

    /// <summary>Fraction (0..1) of reads (get and list, not watch) answered 500 InternalError.</summary>
    public double ReadServerErrorRate { get; set; }

    /// <summary>Fraction (0..1) of all requests answered 429 TooManyRequests with <see cref="RetryAfterSeconds"/>.</summary>
    public double TooManyRequestsRate { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Delay added before every API request is served.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Watches stay open but deliver nothing (no events, no bookmarks) while this is set.</summary>
    public bool StallWatches { get; set; }

    public long Injected500 => Interlocked.Read(ref _injected500);
    public long Injected409 => Interlocked.Read(ref _injected409);
    public long Injected429 => Interlocked.Read(ref _injected429);
    public long WatchesClosed => Interlocked.Read(ref _watchesClosed);

    /// <summary>Events a watch would have sent but dropped under <see cref="StallWatches"/>: a test waits on it to know a stalled
    /// watch really swallowed a change, instead of sleeping.</summary>
    public long WatchEventsSwallowed => Interlocked.Read(ref _watchEventsSwallowed);
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The write refusals in force, in the order they were added.</summary>
    public IReadOnlyList<WriteRefusal> Refusals
    {
        get { lock (_gate) { return _refusals; } }
    }

    /// <summary>From now on, writes that <paramref name="refusal"/> matches are refused as a webhook or policy would
    /// refuse them, until <see cref="ClearRefusals"/> or <see cref="Reset"/>.</summary>
    public void RefuseWrites(WriteRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        lock (_gate) { _refusals = [.. _refusals, refusal]; }
    }

    public void ClearRefusals()
    {
        lock (_gate) { _refusals = []; }
    }

    /// <summary>The refusal of a write (CREATE, UPDATE or DELETE of an object, not of a subresource), if one matches.</summary>
    internal ApiException? Refuse(Storage.ResourceType type, string? @namespace, string? name, string operation)
    {
        var match = Refusals.FirstOrDefault(r => r.Matches(type, @namespace, name, operation));
        if (match is null)
        {
            return null;
        }

        Interlocked.Increment(ref _refused);
        return match.ToError(type, name);
    }

    /// <summary>Cancelled when <see cref="CloseAllWatches"/> is called; every watch stream ends with it.</summary>
    public CancellationToken WatchesToken
    {
        get { lock (_gate) { return _watches.Token; } }
    }

    internal void SwallowedWatchEvent() => Interlocked.Increment(ref _watchEventsSwallowed);

    public void CloseAllWatches()
    {
        CancellationTokenSource old;
        lock (_gate)
        {
            old = _watches;
            _watches = new CancellationTokenSource();
        }

        Interlocked.Increment(ref _watchesClosed);
        old.Cancel();
        old.Dispose();
    }

    public void Reset()
    {
        WriteServerErrorRate = 0;
        WriteConflictRate = 0;
        ReadServerErrorRate = 0;
        TooManyRequestsRate = 0;
        RetryAfterSeconds = 1;
        Latency = TimeSpan.Zero;
        StallWatches = false;
        ClearRefusals();
    }

    /// <summary>The fault to answer this request with, if one is drawn.</summary>
    internal ApiException? Draw(bool isWrite, bool isWatch)
    {
        if (Hit(TooManyRequestsRate))
        {
            Interlocked.Increment(ref _injected429);
            return ApiException.TooManyRequests(RetryAfterSeconds);
        }

        if (isWatch)
        {
            return null;
        }

        if (Hit(isWrite ? WriteServerErrorRate : ReadServerErrorRate))
        {
            Interlocked.Increment(ref _injected500);
            return ApiException.Internal("injected fault");
        }

        if (isWrite && Hit(WriteConflictRate))
        {
            Interlocked.Increment(ref _injected409);
            return new ApiException(409, "Conflict", "Operation cannot be fulfilled: injected conflict; please apply your changes to the latest version and try again");
        }

        return null;
    }

    private static bool Hit(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;
}
