using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.Benchmarks;

/// <summary>
/// For the direct baselines (no operator): which Deployments are rolled out at their generation and which Services
/// have a ready address, kept from the local cluster's store feed in-process, as <see cref="ReadinessTracker"/> does
/// for ManagedContainers, so the baseline's watching costs the server what the operator's side costs it: nothing.
/// </summary>
internal sealed class WorkloadTracker : IDisposable
{
    private readonly ConcurrentDictionary<string, Rollout> deployments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> addressed = new(StringComparer.Ordinal);
    private readonly StoreSubscription subscription;
    private readonly Task pump;
    private long version;

    public WorkloadTracker(ObjectStore store)
    {
        var revision = store.Revision;
        subscription = store.Subscribe([BuiltinResources.Deployments.StorageKey, BuiltinResources.Endpoints.StorageKey], revision);
        foreach (var item in store.List(BuiltinResources.Deployments.StorageKey, null).Items)
        {
            ObserveDeployment(item);
        }

        foreach (var item in store.List(BuiltinResources.Endpoints.StorageKey, null).Items)
        {
            ObserveEndpoints(item);
        }

        pump = Task.Run(PumpAsync);
    }

    /// <summary>Moves on every change seen, so a poll that found nothing new need not count again.</summary>
    public long Version => Interlocked.Read(ref version);

    /// <summary>The Deployment ("namespace/name") is rolled out at <paramref name="generation"/> or a later one.</summary>
    public bool IsRolledOutAt(string key, long generation) =>
        deployments.TryGetValue(key, out var d) && d.RolledOut && d.Generation >= generation;

    public bool IsRolledOut(string key) => deployments.TryGetValue(key, out var d) && d.RolledOut;

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the Deployment was first seen rolled out at its current generation.</summary>
    public long? RolledOutAt(string key) => deployments.TryGetValue(key, out var d) && d.RolledOut ? d.Since : null;

    /// <summary>The Endpoints of the Service ("namespace/name") list at least one ready address.</summary>
    public bool IsAddressed(string key) => addressed.TryGetValue(key, out var a) && a;

    public void Dispose()
    {
        subscription.Dispose();
        pump.Wait(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Rolled out as <c>kubectl rollout status</c> and the operator's DeploymentDiagnosis mean it: the controller has
    /// seen this generation, Available=True, every replica runs the current template, is available, and no old one is left.
    /// </summary>
    internal static bool RolledOut(JsonNode deployment)
    {
        var generation = deployment["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var desired = deployment["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var status = deployment["status"];
        if (status is null || (status["observedGeneration"]?.GetValue<long>() ?? -1) < generation)
        {
            return false;
        }

        var updated = status["updatedReplicas"]?.GetValue<int>() ?? 0;
        return status["conditions"] is JsonArray conditions
            && conditions.Any(c => (string?)c?["type"] == "Available" && (string?)c?["status"] == "True")
            && updated == desired
            && (status["replicas"]?.GetValue<int>() ?? 0) == updated
            && (status["availableReplicas"]?.GetValue<int>() ?? 0) >= desired
            && (status["readyReplicas"]?.GetValue<int>() ?? 0) >= desired;
    }

    private async Task PumpAsync()
    {
        while (await subscription.Events.WaitToReadAsync())
        {
            while (subscription.Events.TryRead(out var change))
            {
                var endpoints = change.StorageKey == BuiltinResources.Endpoints.StorageKey;
                if (change.Type == WatchEvent.Deleted)
                {
                    _ = endpoints ? addressed.TryRemove(change.Object.Key, out _) : deployments.TryRemove(change.Object.Key, out _);
                    Interlocked.Increment(ref version);
                }
                else if (endpoints)
                {
                    ObserveEndpoints(change.Object);
                }
                else
                {
                    ObserveDeployment(change.Object);
                }
            }
        }
    }

    private void ObserveDeployment(StoredObject stored)
    {
        var obj = JsonNode.Parse(stored.Json)!;
        var generation = obj["metadata"]?["generation"]?.GetValue<long>() ?? 0;
        var rolledOut = RolledOut(obj);
        var previous = deployments.GetValueOrDefault(stored.Key);
        var since = rolledOut && previous is { RolledOut: true } && previous.Generation == generation ? previous.Since : Stopwatch.GetTimestamp();
        deployments[stored.Key] = new Rollout(generation, rolledOut, since);
        Interlocked.Increment(ref version);
    }

    private void ObserveEndpoints(StoredObject stored)
    {
        var obj = JsonNode.Parse(stored.Json)!;
        addressed[stored.Key] = obj["subsets"] is JsonArray subsets && subsets.Any(s => s?["addresses"] is JsonArray { Count: > 0 });
        Interlocked.Increment(ref version);
    }

    private sealed record Rollout(long Generation, bool RolledOut, long Since);
}
