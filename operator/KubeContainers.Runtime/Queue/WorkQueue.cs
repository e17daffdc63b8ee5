using KubeContainers.Runtime.Hosting;

namespace KubeContainers.Runtime.Queue;

/// <summary>client-go's work queue. A key waiting in the queue is held once however often it is added (dirty set);
/// a key being processed is not handed to a second worker, and an add during processing is replayed on
/// <see cref="Done"/> (processing set). Delayed adds keep the earliest due time per key; they wait in a heap under one
/// timer, as in client-go's delaying queue (a timer per key held ~0.5 KiB each, with the captured logging scope).</summary>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<TKey> queue = new();
    private readonly HashSet<TKey> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, long> enqueuedAt = [];
    private readonly Dictionary<TKey, DateTimeOffset> waiting = [];

    // Every due time handed out, earliest first; an entry no longer matching waiting[key] is stale and skipped.
    private readonly PriorityQueue<TKey, DateTimeOffset> dueOrder = new();
    private readonly ITimer wake;
    private DateTimeOffset? wakeAt;
    private readonly SemaphoreSlim ready = new(0);
    private readonly TimeProvider time;
    private readonly ControllerRateLimiter<TKey> limiter;
    private readonly string name;
    private bool disposed;

    public WorkQueue(string name, TimeProvider time, ControllerRateLimiter<TKey>? limiter = null)
    {
        this.name = name;
        this.time = time;
        this.limiter = limiter ?? new ControllerRateLimiter<TKey>(time);
        using (ExecutionContext.SuppressFlow())
        {
            // The timer lives as long as the queue: it must not hold on to its first caller's logging scope.
            wake = time.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Keys ready for a worker (not those waiting on a delay or being processed).</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (gate)
        {
            if (disposed || !dirty.Add(key) || processing.Contains(key))
            {
                return;
            }

            Enqueue(key);
        }
    }

    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }

            waiting[key] = due;
            dueOrder.Enqueue(key, due);
            if (wakeAt is not { } at || due < at)
            {
                Arm(due);
            }
        }
    }

    /// <summary>A wake-up that may wait, to coalesce a burst of events into one reconcile: nothing to do when the key
    /// is already due for a worker (that reconcile starts later and reads the newer cache); otherwise added after
    /// <paramref name="delay"/>, the earliest due time per key winning.</summary>
    public void AddCoalesced(TKey key, TimeSpan delay)
    {
        lock (gate)
        {
            // Dirty means a reconcile of the key starts after this moment: queued, or replayed when its current one ends.
            if (dirty.Contains(key))
            {
                return;
            }
        }

        AddAfter(key, delay);
    }

    /// <summary>Adds after the key's backoff; each call without a <see cref="Forget"/> doubles it.</summary>
    public void AddRateLimited(TKey key) => AddAfter(key, limiter.When(key));

    public void Forget(TKey key) => limiter.Forget(key);

    public int NumRequeues(TKey key) => limiter.NumRequeues(key);

    /// <summary>Waits for a key and marks it processing; the caller must call <see cref="Done"/>.</summary>
    public async Task<TKey> GetAsync(CancellationToken ct)
    {
        await ready.WaitAsync(ct).ConfigureAwait(false);
        lock (gate)
        {
            var key = queue.Dequeue();
            dirty.Remove(key);
            processing.Add(key);
            if (enqueuedAt.Remove(key, out var since))
            {
                RuntimeMetrics.QueueWait.WithLabels(name).Observe(time.GetElapsedTime(since).TotalSeconds);
            }

            RuntimeMetrics.QueueDepth.WithLabels(name).Set(queue.Count);
            return key;
        }
    }

    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (!disposed && dirty.Contains(key))
            {
                Enqueue(key);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            wake.Dispose();
            waiting.Clear();
            dueOrder.Clear();
        }

        ready.Dispose();
    }

    private void Wake()
    {
        List<TKey> due = [];
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            wakeAt = null;
            var now = time.GetUtcNow();
            while (dueOrder.TryPeek(out var key, out var at))
            {
                if (!waiting.TryGetValue(key, out var current) || current != at)
                {
                    dueOrder.Dequeue();
                    continue;
                }

                if (at > now)
                {
                    Arm(at);
                    break;
                }

                dueOrder.Dequeue();
                waiting.Remove(key);
                due.Add(key);
            }
        }

        foreach (var key in due)
        {
            Add(key);
        }
    }

    // Caller holds the gate.
    private void Arm(DateTimeOffset at)
    {
        wakeAt = at;
        var delay = at - time.GetUtcNow();
        wake.Change(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    private void Enqueue(TKey key)
    {
        queue.Enqueue(key);
        enqueuedAt[key] = time.GetTimestamp();
        RuntimeMetrics.QueueDepth.WithLabels(name).Set(queue.Count);
        ready.Release();
    }
}
