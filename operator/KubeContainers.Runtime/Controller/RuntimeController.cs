using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Hosting;
using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Controller;

/// <summary>A queue and its workers. The one place where reconcile outcomes become queue actions: success forgets
/// the key's backoff, RequeueAfter adds it after the delay, a terminal error forgets it, any other error re-adds it
/// with per-key exponential backoff (never dropped). It counts them as controller-runtime does: result success,
/// requeue_after (a delay), requeue (no delay) or error (a terminal error too, also counted apart).
/// Workers start without waiting for the caches: a key whose caches have not listed what its reconcile reads
/// (<see cref="SyncGate"/>) is parked, not reconciled, and added back at its priority once they have.</summary>
internal sealed class RuntimeController(
    string name,
    int workers,
    WorkQueue<ObjectKey> queue,
    Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile,
    TimeProvider time,
    ILogger logger,
    SyncGate? gate = null)
{
    private readonly ParkedKeys parked = new();
    private int watchingProgress;
    private int reconciledOnce;

    public string Name => name;

    public WorkQueue<ObjectKey> Queue => queue;

    /// <summary>What the workers wait for before reconciling a key; null when they never wait (tests).</summary>
    public SyncGate? Gate => gate;

    /// <summary>Keys waiting for their caches (tests, logs).</summary>
    internal int ParkedCount => parked.Count;

    public Task RunWorkersAsync(CancellationToken ct)
    {
        InitMetrics();
        if (gate is not null && Interlocked.Exchange(ref watchingProgress, 1) == 0)
        {
            gate.OnProgress(ReleaseParked);
        }

        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(ct), CancellationToken.None)));
    }

    /// <summary>Every series at zero once the controller starts, as controller-runtime does, so that rate() and
    /// alerts see a 0 rather than nothing before the first error.</summary>
    internal void InitMetrics()
    {
        foreach (var result in (string[])["success", "error", "requeue", "requeue_after"])
        {
            RuntimeMetrics.ReconcileTotal.WithLabels(name, result).IncTo(0);
        }

        RuntimeMetrics.ReconcileErrors.WithLabels(name).IncTo(0);
        RuntimeMetrics.TerminalReconcileErrors.WithLabels(name).IncTo(0);
        RuntimeMetrics.ReconcileTime.WithLabels(name);
        RuntimeMetrics.MaxConcurrentReconciles.WithLabels(name).Set(workers);
        RuntimeMetrics.ActiveWorkers.WithLabels(name).Set(0);
    }

    internal async Task ProcessAsync(ObjectKey key, CancellationToken ct, int priority = QueuePriority.Normal)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["Controller"] = name,
            ["Namespace"] = key.Namespace,
            ["Name"] = key.Name,
            ["ReconcileId"] = Guid.NewGuid().ToString("N")[..12],
        });
        var started = time.GetTimestamp();
        string outcome;
        try
        {
            var result = await reconcile(key, ct).ConfigureAwait(false);
            queue.Forget(key);
            if (result.RequeueDelay is { } delay)
            {
                // The key keeps the priority it was handed out at, as controller-runtime's reconcileHandler does: a
                // first list's pass stays behind real changes at its resync, a rollout's progress re-check does not.
                queue.AddAfter(key, delay, priority);
                outcome = delay > TimeSpan.Zero ? "requeue_after" : "requeue";
            }
            else
            {
                outcome = "success";
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down (or leadership lost): the next leader reconciles this key from its own cache.
            return;
        }
        catch (TerminalReconcileException e)
        {
            queue.Forget(key);
            outcome = "error";
            RuntimeMetrics.TerminalReconcileErrors.WithLabels(name).Inc();
            logger.LogError(e, "Reconcile of {Key} failed terminally; not retrying until it changes", key);
        }
        catch (Exception e)
        {
            queue.AddRateLimited(key, priority);
            outcome = "error";
            logger.LogWarning(e, "Reconcile of {Key} failed (attempt {Attempt}); retrying with backoff", key, queue.NumRequeues(key));
        }

        if (outcome == "error")
        {
            RuntimeMetrics.ReconcileErrors.WithLabels(name).Inc();
        }

        RuntimeMetrics.ReconcileTotal.WithLabels(name, outcome).Inc();
        RuntimeMetrics.ReconcileTime.WithLabels(name).Observe(time.GetElapsedTime(started).TotalSeconds);
        logger.LogDebug("Reconciled {Key}: {Outcome}", key, outcome);
    }

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ObjectKey key;
            int priority;
            try
            {
                (key, priority) = await queue.GetWithPriorityAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (gate is not null && !gate.IsOpenFor(key))
            {
                parked.Park(key, priority, () => queue.Done(key));
                // The lists may have passed the key's namespace since the check: look again, or it could wait forever.
                ReleaseParked();
                continue;
            }

            if (parked.Count > 0)
            {
                parked.Remove(key);
            }

            if (gate is not null && Interlocked.Exchange(ref reconciledOnce, 1) == 0)
            {
                // What a start had to list before its first reconcile (the rest lists meanwhile).
                logger.LogInformation("First reconcile ({Key}); the caches hold {Caches}", key, gate.Describe());
            }

            RuntimeMetrics.ActiveWorkers.WithLabels(name).Inc();
            try
            {
                await ProcessAsync(key, ct, priority).ConfigureAwait(false);
            }
            finally
            {
                RuntimeMetrics.ActiveWorkers.WithLabels(name).Dec();
                queue.Done(key);
            }
        }
    }

    /// <summary>Adds back every parked key whose caches are now ready. Runs on informer loops after each page of a
    /// first list, so it looks at a namespace's keys only once the kinds read whole have listed.</summary>
    private void ReleaseParked()
    {
        if (gate is null || parked.Count == 0 || !gate.WholeSynced)
        {
            return;
        }

        parked.Release(ns => gate.IsOpenFor(new ObjectKey(ns, "")), queue.AddUnlessPending);
    }
}
