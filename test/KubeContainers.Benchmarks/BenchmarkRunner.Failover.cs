using System.Diagnostics;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.Testing;

namespace KubeContainers.Benchmarks;

/// <summary>
/// Failover as the chart runs two replicas: both with <c>--leader-election</c> and the chart's Lease name, as the
/// operator's ServiceAccount (the chart's leader-election Role), the large set in the cluster. The leader is killed
/// with SIGKILL (it cannot release its Lease) and one container's image is changed at once, as a user might; the
/// figure is the time from the kill to the standby's first write that is not its Lease: the first work it does.
/// </summary>
internal sealed partial class BenchmarkRunner
{
    private const string LeaderGauge = "leader_election_master_status";

    private async Task FailoverAsync(BenchResults results, IReadOnlyList<string> large, CancellationToken ct)
    {
        await StopOperatorAsync();
        string[] flags = ["--leader-election", "--leader-election-id", OperatorIdentity.LeaseName, "--leader-election-namespace", OperatorIdentity.Namespace];
        var total = Tracker.Keys.Count;
        var within = options.ConvergeTimeout(total);
        // Both start at once, as the chart's two replicas do; whichever takes the Lease first leads.
        var first = StartOperator("operator-replica-1", flags);
        var second = StartOperator("operator-replica-2", flags);
        OperatorProcess? leader = null;
        try
        {
            var electDeadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
            while (leader is null)
            {
                if (first.HasExited || second.HasExited || Stopwatch.GetTimestamp() > electDeadline)
                {
                    throw new InvalidOperationException($"neither replica reported itself the leader ({LeaderGauge}) within {within.TotalSeconds} s");
                }

                leader = (await first.ScrapeAsync(ct)).Sum(LeaderGauge, ("name", OperatorIdentity.LeaseName)) == 1 ? first
                    : (await second.ScrapeAsync(ct)).Sum(LeaderGauge, ("name", OperatorIdentity.LeaseName)) == 1 ? second : null;
                await Task.Delay(50, ct);
            }

            var standby = leader == first ? second : first;
            running = leader;
            // The leader's first pass over everything, and a quiet queue: the kill comes in steady state.
            if (await WaitForReconcilesAsync(total, within, ct) is null)
            {
                throw new InvalidOperationException($"the leader did not reconcile all {total} containers within {within.TotalSeconds} s");
            }

            await SettleAsync(ct);
            var syncDeadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
            while (!await standby.IsReadyAsync(ct))
            {
                if (standby.HasExited || Stopwatch.GetTimestamp() > syncDeadline)
                {
                    throw new InvalidOperationException($"the standby's caches did not sync within {within.TotalSeconds} s (/readyz)");
                }

                await Task.Delay(100, ct);
            }

            if ((await standby.ScrapeAsync(ct)).Sum(LeaderGauge, ("name", OperatorIdentity.LeaseName)) != 0)
            {
                throw new InvalidOperationException("the standby reports itself the leader too");
            }

            var holder = LeaseHolder();
            results.FailoverLeaseDurationSeconds = LeaseDuration();
            var writesBefore = NonLeaseOperatorWrites();
            var target = large[large.Count / 2];
            Log($"failover: {holder} leads, the standby's caches hold {total} containers; killing the leader (SIGKILL) and changing {target}");

            var killed = Stopwatch.GetTimestamp();
            await leader.KillAsync();
            running = standby;
            var generation = await ChangeImageAsync(target, "example.com/app:failover", ct);
            double? write = null, lease = null, ready = null;
            var deadline = killed + (long)(((results.FailoverLeaseDurationSeconds ?? 15) + within.TotalSeconds) * Stopwatch.Frequency);
            while ((write is null || lease is null || ready is null) && Stopwatch.GetTimestamp() < deadline)
            {
                var now = Stopwatch.GetElapsedTime(killed).TotalSeconds;
                write ??= NonLeaseOperatorWrites() > writesBefore ? now : null;
                lease ??= LeaseHolder() is { } h && h != holder ? now : null;
                ready ??= Tracker.IsReadyAt(target, generation) ? now : null;
                if (standby.HasExited)
                {
                    throw new InvalidOperationException("the standby exited; see its log");
                }

                // The counters and the store are read in-process: polling costs the cluster no request.
                await Task.Delay(5, ct);
            }

            results.FailoverSeconds = write is { } w ? Round(w, 2) : null;
            results.FailoverLeaseSeconds = lease is { } l ? Round(l, 2) : null;
            results.FailoverReadySeconds = ready is { } r ? Round(r, 2) : null;
            Check(write is not null && lease is not null && ready is not null, results, "the standby did not take over and reconcile the change in time");
            Log($"failover: lease {results.FailoverLeaseDurationSeconds} s; after the kill the standby held the Lease at {results.FailoverLeaseSeconds} s, " +
                $"wrote first at {results.FailoverSeconds} s, {target} Ready at {results.FailoverReadySeconds} s");
        }
        finally
        {
            running = null;
            foreach (var replica in new[] { first, second })
            {
                await replica.StopAsync();
                await replica.DisposeAsync();
            }
        }
    }

    /// <summary>Writes by anyone but the benchmark, Lease renewals and takeovers left out.</summary>
    private long NonLeaseOperatorWrites() =>
        Cluster.Requests.Snapshot()
            .Where(e => e.Client != BenchManager && RequestStats.IsWrite(e.Verb) && !e.Resource.StartsWith("leases", StringComparison.Ordinal))
            .Sum(e => e.Count);

    private JsonObject? Lease() =>
        Cluster.Store.Get(BuiltinResources.Leases.StorageKey, OperatorIdentity.Namespace, OperatorIdentity.LeaseName)?.ToJsonObject();

    private string? LeaseHolder() => (string?)Lease()?["spec"]?["holderIdentity"];

    private double? LeaseDuration() => Lease()?["spec"]?["leaseDurationSeconds"]?.GetValue<int>();
}
