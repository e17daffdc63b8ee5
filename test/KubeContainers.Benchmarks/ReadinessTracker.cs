using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.Benchmarks;

/// <summary>
/// Which ManagedContainers are Ready with <c>status.observedGeneration</c> equal to <c>metadata.generation</c>, kept
/// from the local cluster's store feed in-process, so watching costs the API server (and the measurement) no request.
/// </summary>
internal sealed class ReadinessTracker : IDisposable
{
    private readonly ConcurrentDictionary<string, State> states = new(StringComparer.Ordinal);
    private readonly StoreSubscription subscription;
    private readonly Task pump;
    private long version;

    private ReadinessTracker(ResourceService api, ResourceType type)
    {
        var (items, revision) = api.Store.List(type.StorageKey, null);
        foreach (var item in items)
        {
            Observe(item);
        }

        subscription = api.Store.Subscribe(type.StorageKey, revision);
        pump = Task.Run(PumpAsync);
    }

    public static ReadinessTracker Start(ResourceService api, ResourceType managedContainers) => new(api, managedContainers);

    /// <summary>Every ManagedContainer in the cluster, as "namespace/name".</summary>
    public IReadOnlyCollection<string> Keys => [.. states.Keys];

    public bool IsReady(string key) => states.TryGetValue(key, out var s) && s.Ready;

    /// <summary>Ready at <paramref name="generation"/> or a later one.</summary>
    public bool IsReadyAt(string key, long generation) => states.TryGetValue(key, out var s) && s.Ready && s.Generation >= generation;

    public int CountReady(IEnumerable<string> keys) => keys.Count(IsReady);

    /// <summary>Moves on every change seen: a poll that found nothing new need not count again (10,000 keys every 20 ms
    /// cost a tenth of a core, which the benchmark would have charged to the local cluster).</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the container was first seen Ready at its current generation.</summary>
    public long? ReadyAt(string key) => states.TryGetValue(key, out var s) && s.Ready ? s.ReadySince : null;

    /// <summary>Polls <paramref name="done"/> until it holds; false when <paramref name="within"/> ran out first.</summary>
    public static async Task<bool> WaitAsync(Func<bool> done, TimeSpan within, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(20, ct);
        }

        return true;
    }

    public void Dispose()
    {
        subscription.Dispose();
        pump.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task PumpAsync()
    {
        while (await subscription.Events.WaitToReadAsync())
        {
            while (subscription.Events.TryRead(out var change))
            {
                if (change.Type == WatchEvent.Deleted)
                {
                    states.TryRemove(change.Object.Key, out _);
                    Interlocked.Increment(ref version);
                }
                else
                {
                    Observe(change.Object);
                }
            }
        }
    }

    private void Observe(StoredObject stored)
    {
        var obj = JsonNode.Parse(stored.Json)!;
        var generation = obj["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var status = obj["status"];
        var ready = status?["observedGeneration"]?.GetValue<long>() == generation
            && status?["conditions"] is JsonArray conditions
            && conditions.Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");
        var previous = states.GetValueOrDefault(stored.Key);
        var since = ready && previous is { Ready: true } && previous.Generation == generation ? previous.ReadySince : Stopwatch.GetTimestamp();
        states[stored.Key] = new State(generation, ready, since);
        Interlocked.Increment(ref version);
    }

    private sealed record State(long Generation, bool Ready, long ReadySince);
}
