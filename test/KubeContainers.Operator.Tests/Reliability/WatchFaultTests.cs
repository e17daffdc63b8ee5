using System.Diagnostics;
using static KubeContainers.Operator.Tests.Reliability.ReliabilityCluster;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>Scenario 2: watches closed every 2 s, then stalled (open but silent) while history is compacted, so the
/// re-watch is answered 410 Gone and only a re-list can find the changes made meanwhile.</summary>
[ClusterTest]
public sealed class WatchFaultTests
{
    private const int Closes = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_made_while_watches_are_closed_stalled_and_compacted_away_are_all_applied()
    {
        await using var env = await StartAsync("watches");
        var scenario = new ReliabilityResults.Scenario("2-watch-faults",
            "10 containers created, then every watch closed every 2 s (5 times) with a change after each close; then watches stalled while 5 containers change and the history is compacted, so the re-watch gets 410 Gone: the informers re-list and every change is applied");
        var op = env.StartOperator();
        await env.ApplyAsync(0, Fleet, "example.com/app:v1");

        using (var every2s = new PeriodicTimer(TimeSpan.FromSeconds(2)))
        {
            for (var i = 0; i < Closes; i++)
            {
                env.Faults.CloseAllWatches();
                await env.ApplyAsync(i, 1, "example.com/app:v2");
                if (i < Closes - 1)
                {
                    await every2s.WaitForNextTickAsync(Ct);
                }
            }
        }

        scenario.Recovery("converged after the last close", await env.ConvergeAsync("after watches closed every 2 s"));

        var relists = await MetricAsync(op, "kubecontainers_informer_relists_total");
        env.Faults.StallWatches = true;
        await env.ApplyAsync(Closes, Fleet - Closes, "example.com/app:v2");
        var unseen = (await ConvergenceCheck.SnapshotAsync(env.Client, env.Namespace, env.Desired)).Lost;
        env.Cluster.Store.Compact();
        var dropped = Stopwatch.StartNew();
        env.Faults.CloseAllWatches();
        env.Faults.StallWatches = false;

        scenario.Recovery("converged after stalled watches dropped and re-watch got 410", await env.ConvergeAsync("after stall and compaction"));
        var relisted = await MetricAsync(op, "kubecontainers_informer_relists_total") - relists;
        relisted.ShouldBeGreaterThan(0, "410 Gone on re-watch makes the informers list again");
        op.HasExited.ShouldBeFalse();

        scenario.Faults["closeAllWatchesEvery2s"] = Closes;
        scenario.Faults["stalledWatchChanges"] = Fleet - Closes;
        scenario.Faults["compactions"] = 1;
        scenario.Details["changesNotDeployedWhenStallEnded"] = unseen;
        scenario.Details["relistsAfter410"] = relisted;
        scenario.Details["secondsFromStallEndToConverged"] = Math.Round(dropped.Elapsed.TotalSeconds, 2);
        await env.RecordAsync(scenario);
    }
}
