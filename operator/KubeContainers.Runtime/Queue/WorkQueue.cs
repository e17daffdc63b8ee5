using KubeContainers.Runtime.Hosting;

namespace KubeContainers.Runtime.Queue;

/// <summary>client-go's work queue. A key waiting in the queue is held once however often it is added (dirty set);
/// a key being processed is not handed to a second worker, and an add during processing is replayed on
/// <see cref="Done"/> (processing set). Delayed adds keep the earliest due time per key; they wait in a heap under one
/// timer, as in client-go's delaying queue (a timer per key held ~0.5 KiB each, with the captured logging scope).
/// Its metrics are client-go's: depth counts the dirty keys (waiting, or added again while processed), an add is
/// counted once per dirty key, the queue duration runs from that add to the worker's get, the work duration from get
/// to <see cref="Done"/>, and every delayed add (<see cref="AddAfter"/>, <see cref="AddRateLimited"/>) is a retry.
/// Keys carry a priority (<see cref="QueuePriority"/>), as in controller-runtime's priority queue: low-priority keys
/// go after all others, within one priority the key added first; adding a key that waits raises its priority to the
/// higher of the two, and a delayed key keeps the earliest due time and the highest priority asked for (a burst of
/// coalesced wake-ups may move it later, within the queue's coalesce bound: <see cref="AddCoalesced"/>). Unlike
/// controller-runtime's strict order, a high key goes ahead of normal ones only by <see cref="QueuePriority.HighLead"/>
/// (a deadline): a stream of edits never starves the children's wake-ups that report their rollouts.</summary>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock gate = new();
    // Keys ready for a worker, highest priority first, then oldest first; queued[key] is the key's entry in it.
    private readonly SortedSet<Slot> order = new(Slot.Order);
    private readonly Dictionary<TKey, Slot> queued = [];
    private long sequence;

    // Dirty keys (waiting, or added again while processed) and the priority each is to be handed out with.
    private readonly Dictionary<TKey, int> dirty = [];
    private readonly HashSet<TKey> processing = [];
    private readonly Dictionary<TKey, long> enqueuedAt = [];
    private readonly Dictionary<TKey, long> processingSince = [];
    // Delayed keys: the earliest due time, the highest priority, whether only coalesced wake-ups asked for it, and when
    // the first of those came (a burst's wake-up moves later with each event, up to coalesceMax after the first).
    private readonly Dictionary<TKey, (DateTimeOffset Due, int Priority, bool Coalesced, DateTimeOffset First)> waiting = [];

    // Every due time handed out, earliest first; an entry no longer matching waiting[key] is stale and skipped.
    private readonly PriorityQueue<TKey, DateTimeOffset> dueOrder = new();
    private readonly ITimer wake;
    private DateTimeOffset? wakeAt;
    private readonly SemaphoreSlim ready = new(0);
    private readonly TimeProvider time;
    private readonly ControllerRateLimiter<TKey> limiter;
    private readonly string name;
    private readonly IDisposable sampling;
    private bool disposed;

    // When each key was last handed to a worker, kept for coalesceInterval (oldest first in startOrder, for pruning).
    private readonly TimeSpan coalesceInterval;
    private readonly TimeSpan coalesceMax;
    private readonly Dictionary<TKey, DateTimeOffset> lastStarted = [];
    private readonly Queue<(TKey Key, DateTimeOffset At)> startOrder = new();

    /// <param name="coalesceInterval">The least time from a key's handing to a worker to a coalesced wake-up of it
    /// (<see cref="AddCoalesced"/>): zero for none.</param>
    /// <param name="coalesceMax">How long a burst of coalesced wake-ups may hold a key back, from the first of them:
    /// each one moves the wake-up to its own delay, so the key runs once the burst has been quiet for the delay, or at
    /// this bound. Zero (the default), or any bound under the delay: the first wake-up's delay stands.</param>
    public WorkQueue(string name, TimeProvider time, ControllerRateLimiter<TKey>? limiter = null, TimeSpan coalesceInterval = default,
        TimeSpan coalesceMax = default)
    {
        this.name = name;
        this.time = time;
        this.coalesceInterval = coalesceInterval;
        this.coalesceMax = coalesceMax;
        this.limiter = limiter ?? new ControllerRateLimiter<TKey>(time);
        using (ExecutionContext.SuppressFlow())
        {
            // The timer lives as long as the queue: it must not hold on to its first caller's logging scope.
            wake = time.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        // client-go's labels: controller-runtime names the queue after its controller and sets both.
        RuntimeMetrics.QueueDepth.WithLabels(name, name).Set(0);
        RuntimeMetrics.QueueAdds.WithLabels(name, name).IncTo(0);
        RuntimeMetrics.QueueRetries.WithLabels(name, name).IncTo(0);
        RuntimeMetrics.QueueDuration.WithLabels(name, name);
        RuntimeMetrics.WorkDuration.WithLabels(name, name);
        sampling = RuntimeMetrics.OnCollect(SampleWorkInProgress);
    }

    /// <summary>Keys ready for a worker (not those waiting on a delay or being processed).</summary>
    public int Length
    {
        get
        {
            lock (gate)
            {
                return order.Count;
            }
        }
    }

    public void Add(TKey key, int priority = QueuePriority.Normal)
    {
        lock (gate)
        {
            AddLocked(key, priority);
        }
    }

    private void AddLocked(TKey key, int priority)
    {
        if (disposed)
        {
            return;
        }

        if (dirty.TryGetValue(key, out var held))
        {
            RaiseLocked(key, held, priority);
            return;
        }

        dirty[key] = priority;
        RuntimeMetrics.QueueAdds.WithLabels(name, name).Inc();
        RuntimeMetrics.QueueDepth.WithLabels(name, name).Set(dirty.Count);
        enqueuedAt.TryAdd(key, time.GetTimestamp());
        if (!processing.Contains(key))
        {
            Enqueue(key, priority);
        }
    }

    /// <summary>Adds a key that nothing changed for, only made ready to run (a parked key whose caches have listed):
    /// raises it if it waits, and does nothing if a worker holds it (that worker reconciles it, or parks it again and
    /// looks once more). A plain <see cref="Add"/> would replay it after the worker is done: a second reconcile.</summary>
    public void AddUnlessPending(TKey key, int priority)
    {
        lock (gate)
        {
            if (dirty.TryGetValue(key, out var held))
            {
                RaiseLocked(key, held, priority);
                return;
            }

            // Checked and added in one hold of the lock: a worker taking the key in between would make the add a replay.
            if (!processing.Contains(key))
            {
                AddLocked(key, priority);
            }
        }
    }

    /// <summary>Adds after <paramref name="delay"/>; counted as a retry, as client-go counts every delayed add.</summary>
    public void AddAfter(TKey key, TimeSpan delay, int priority = QueuePriority.Normal)
    {
        if (!Volatile.Read(ref disposed))
        {
            RuntimeMetrics.QueueRetries.WithLabels(name, name).Inc();
        }

        AddDelayed(key, delay, priority, coalesced: false);
    }

    private void AddDelayed(TKey key, TimeSpan delay, int priority, bool coalesced)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key, priority);
            return;
        }

        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var now = time.GetUtcNow();
            var due = now + delay;
            var first = now;
            if (waiting.TryGetValue(key, out var existing))
            {
                first = existing.First;
                if (coalesced && existing.Coalesced && due > existing.Due && existing.First + coalesceMax > existing.Due)
                {
                    // A burst still going on: wait until it has been quiet for the delay, at most coalesceMax from its
                    // first wake-up. Only wake-ups move a wake-up later; a requeue a reconcile asked for never moves.
                    var bound = existing.First + coalesceMax;
                    due = due < bound ? due : bound;
                    priority = Math.Max(existing.Priority, priority);
                }
                else
                {
                    coalesced &= existing.Coalesced;
                    if (existing.Due <= due)
                    {
                        // The earlier due time stands; the higher priority is kept with it.
                        waiting[key] = (existing.Due, Math.Max(existing.Priority, priority), coalesced, first);
                        return;
                    }

                    priority = Math.Max(existing.Priority, priority);
                }
            }

            waiting[key] = (due, priority, coalesced, first);
            dueOrder.Enqueue(key, due);
            if (wakeAt is not { } at || due < at)
            {
                Arm(due);
            }
        }
    }

    /// <summary>A wake-up that may wait, to coalesce a burst of events into one reconcile: nothing to do when the key
    /// is already due for a worker (that reconcile starts later and reads the newer cache); otherwise added after
    /// <paramref name="delay"/>, and dropped if a worker takes the key before then (its reconcile reads those events).
    /// Of several wake-ups of a waiting key the earliest due time wins, unless the queue has a coalesce bound: then
    /// each wake-up moves it to its own delay, up to that bound after the first, so a burst spread over longer than
    /// the delay (a rollout under load) still costs one reconcile, run once it has been quiet for the delay. With a
    /// coalesce interval, no sooner than that interval after the key was last handed to a worker: a rollout's events,
    /// spread over a few seconds, then wake the key about once per interval, however idle the workers are. A first
    /// look, not a retry: not counted as one.</summary>
    public void AddCoalesced(TKey key, TimeSpan delay, int priority = QueuePriority.Normal)
    {
        lock (gate)
        {
            // Dirty means a reconcile of the key starts after this moment: queued, or replayed when its current one ends.
            if (dirty.TryGetValue(key, out var held))
            {
                RaiseLocked(key, held, priority);
                return;
            }

            if (coalesceInterval > TimeSpan.Zero && lastStarted.TryGetValue(key, out var started))
            {
                var untilInterval = started + coalesceInterval - time.GetUtcNow();
                delay = untilInterval > delay ? untilInterval : delay;
            }
        }

        AddDelayed(key, delay, priority, coalesced: true);
    }

    /// <summary>Adds after the key's backoff; each call without a <see cref="Forget"/> doubles it.</summary>
    public void AddRateLimited(TKey key, int priority = QueuePriority.Normal) => AddAfter(key, limiter.When(key), priority);

    public void Forget(TKey key) => limiter.Forget(key);

    public int NumRequeues(TKey key) => limiter.NumRequeues(key);

    /// <summary>Waits for a key and marks it processing; the caller must call <see cref="Done"/>.</summary>
    public async Task<TKey> GetAsync(CancellationToken ct) => (await GetWithPriorityAsync(ct).ConfigureAwait(false)).Key;

    /// <summary>As <see cref="GetAsync"/>, with the priority the key was handed out at.</summary>
    public async Task<(TKey Key, int Priority)> GetWithPriorityAsync(CancellationToken ct)
    {
        await ready.WaitAsync(ct).ConfigureAwait(false);
        lock (gate)
        {
            var slot = order.Min;
            order.Remove(slot);
            var key = slot.Key;
            queued.Remove(key);
            dirty.Remove(key);
            processing.Add(key);
            // A coalesced wake-up still waiting stands for events the cache already holds (handlers run after the
            // cache is updated), and this reconcile reads it: it would only reconcile the same state again. A
            // wake-up asked for by a reconcile (RequeueAfter, a retry) stays; so do events during this reconcile.
            if (waiting.TryGetValue(key, out var delayed) && delayed.Coalesced)
            {
                waiting.Remove(key);
            }

            if (coalesceInterval > TimeSpan.Zero)
            {
                NoteStartLocked(key);
            }

            var now = time.GetTimestamp();
            processingSince[key] = now;
            if (enqueuedAt.Remove(key, out var since))
            {
                var waited = time.GetElapsedTime(since, now).TotalSeconds;
                RuntimeMetrics.QueueDuration.WithLabels(name, name).Observe(waited);
                RuntimeMetrics.QueueDurationByPriority.WithLabels(name, QueuePriority.Name(slot.Priority)).Observe(waited);
            }

            RuntimeMetrics.QueueDepth.WithLabels(name, name).Set(dirty.Count);
            return (key, slot.Priority);
        }
    }

    public void Done(TKey key)
    {
        lock (gate)
        {
            processing.Remove(key);
            if (processingSince.Remove(key, out var since))
            {
                RuntimeMetrics.WorkDuration.WithLabels(name, name).Observe(time.GetElapsedTime(since).TotalSeconds);
            }

            if (!disposed && dirty.TryGetValue(key, out var priority))
            {
                Enqueue(key, priority);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            sampling.Dispose();
            wake.Dispose();
            waiting.Clear();
            dueOrder.Clear();
        }

        ready.Dispose();
    }

    private void Wake()
    {
        List<(TKey Key, int Priority)> due = [];
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
                if (!waiting.TryGetValue(key, out var current) || current.Due != at)
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
                due.Add((key, current.Priority));
            }
        }

        foreach (var (key, priority) in due)
        {
            Add(key, priority);
        }
    }

    // Caller holds the gate.
    private void Arm(DateTimeOffset at)
    {
        wakeAt = at;
        var delay = at - time.GetUtcNow();
        wake.Change(delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    // Caller holds the gate. Entries older than the interval no longer delay anything: dropped, oldest first.
    private void NoteStartLocked(TKey key)
    {
        var now = time.GetUtcNow();
        lastStarted[key] = now;
        startOrder.Enqueue((key, now));
        while (startOrder.TryPeek(out var oldest) && oldest.At + coalesceInterval < now)
        {
            startOrder.Dequeue();
            if (lastStarted.TryGetValue(oldest.Key, out var at) && at == oldest.At)
            {
                lastStarted.Remove(oldest.Key);
            }
        }
    }

    // Caller holds the gate.
    private void Enqueue(TKey key, int priority)
    {
        var slot = NewSlot(key, priority, time.GetTimestamp(), sequence++);
        order.Add(slot);
        queued[key] = slot;
        ready.Release();
    }

    private Slot NewSlot(TKey key, int priority, long readyAt, long seq) =>
        new(priority, readyAt, priority >= QueuePriority.High ? readyAt - (long)(QueuePriority.HighLead.TotalSeconds * time.TimestampFrequency) : readyAt, seq, key);

    // Caller holds the gate. A dirty key added again at a higher priority moves up (keeping its place among the
    // keys of its new priority by when it was first added); a key being processed is replayed at that priority.
    private void RaiseLocked(TKey key, int held, int priority)
    {
        if (priority <= held)
        {
            return;
        }

        dirty[key] = priority;
        if (queued.TryGetValue(key, out var slot))
        {
            order.Remove(slot);
            slot = NewSlot(key, priority, slot.ReadyAt, slot.Sequence);
            order.Add(slot);
            queued[key] = slot;
        }
    }

    /// <summary>A ready key's place: low priority after all the rest; otherwise by deadline (when it became ready,
    /// less <see cref="QueuePriority.HighLead"/> for a high one), then higher priority, then first ready.</summary>
    private readonly record struct Slot(int Priority, long ReadyAt, long Deadline, long Sequence, TKey Key)
    {
        public static readonly IComparer<Slot> Order = Comparer<Slot>.Create((a, b) =>
        {
            var band = (a.Priority <= QueuePriority.Low).CompareTo(b.Priority <= QueuePriority.Low);
            if (band != 0)
            {
                return band;
            }

            if (a.Deadline != b.Deadline)
            {
                return a.Deadline.CompareTo(b.Deadline);
            }

            return a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : a.Sequence.CompareTo(b.Sequence);
        });
    }

    /// <summary>client-go's unfinished work (the summed age of every key being processed) and longest running
    /// processor, taken at the scrape: a stuck worker shows as a number that keeps growing.</summary>
    private void SampleWorkInProgress()
    {
        double total = 0, longest = 0;
        lock (gate)
        {
            var now = time.GetTimestamp();
            foreach (var since in processingSince.Values)
            {
                var seconds = time.GetElapsedTime(since, now).TotalSeconds;
                total += seconds;
                longest = Math.Max(longest, seconds);
            }
        }

        RuntimeMetrics.UnfinishedWork.WithLabels(name, name).Set(total);
        RuntimeMetrics.LongestRunningProcessor.WithLabels(name, name).Set(longest);
    }
}
