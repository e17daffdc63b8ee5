using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// The shape every simulated controller shares: subscribe to the store, list once, then turn each change into work
/// keys and reconcile due keys one at a time, re-reading state on every pass (level-based). A 409 retries the key
/// at once on fresh state; any other failure (a malformed object, a refused write) retries it after a second, so
/// no object can stop the loop.
/// </summary>
internal abstract class ReconcileLoop(TimeProvider clock) : IClusterController
{
    private static readonly TimeSpan ConflictRetry = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ErrorRetry = TimeSpan.FromSeconds(1);

    protected TimeProvider Clock { get; } = clock;

    protected DateTimeOffset Now => Clock.GetUtcNow();

    public async Task RunAsync(ResourceService api, CancellationToken stoppingToken)
    {
        using var subscription = api.Store.Subscribe(Watches, api.Store.Revision);
        var queue = new WorkQueue(Clock);
        foreach (var key in Guard(() => InitialKeys(api).ToList()) ?? [])
        {
            queue.Add(key, TimeSpan.Zero);
        }

        Task<bool>? changes = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (subscription.Events.TryRead(out var change))
                {
                    foreach (var key in Guard(() => KeysFor(api, change).ToList()) ?? [])
                    {
                        queue.Add(key, TimeSpan.Zero);
                    }
                }

                foreach (var key in queue.TakeDue())
                {
                    if (Step(api, key) is { } again)
                    {
                        queue.Add(key, again);
                    }
                }

                if (subscription.Events.TryPeek(out _))
                {
                    continue;
                }

                changes ??= subscription.Events.WaitToReadAsync(stoppingToken).AsTask();
                if (queue.NextDueIn() is { } wait)
                {
                    if (wait > TimeSpan.Zero)
                    {
                        using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        await Task.WhenAny(changes, Task.Delay(wait, Clock, timer.Token));
                        await timer.CancelAsync();
                    }
                }
                else
                {
                    await changes;
                }

                if (changes.IsCompleted)
                {
                    if (!await changes)
                    {
                        return;
                    }

                    changes = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The cluster is stopping.
        }
    }

    /// <summary>The resources (storage keys) whose changes can touch a work key; null: every change.</summary>
    protected virtual IReadOnlyCollection<string>? Watches => null;

    /// <summary>The work keys to start with (usually every object the controller owns).</summary>
    protected abstract IEnumerable<string> InitialKeys(ResourceService api);

    /// <summary>The work keys one store change touches; most changes touch none.</summary>
    protected abstract IEnumerable<string> KeysFor(ResourceService api, WatchEvent change);

    /// <summary>Brings one key's objects closer to their desired state; returns when to look again without a change (null: only on change).</summary>
    protected abstract TimeSpan? Reconcile(ResourceService api, string key);

    protected static (string? Namespace, string Name) SplitKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }

    private TimeSpan? Step(ResourceService api, string key)
    {
        try
        {
            return Reconcile(api, key);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            return ConflictRetry;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ErrorRetry;
        }
    }

    private static T? Guard<T>(Func<T> body) where T : class
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }
}
