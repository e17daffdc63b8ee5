using System.Diagnostics;
using static KubeContainers.Operator.Tests.Reliability.ReliabilityCluster;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>Scenario 5: the API server restarted under the running operator (every watch and connection dropped,
/// the data kept), with changes in flight before and made after.</summary>
[ClusterTest]
public sealed class ClusterRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_operator_rides_out_an_api_server_restart_and_applies_changes_made_before_and_after_it()
    {
        await using var env = await StartAsync("restart");
        var scenario = new ReliabilityResults.Scenario("5-cluster-restart",
            "10 containers created and 3 of them changed while the operator is still creating children, then the API server restarted (LocalCluster.RestartAsync: watches and connections dropped, data kept), 3 more changes after it: the operator process stays up, reconnects and applies all of them");
        var op = env.StartOperator();
        var atWork = env.NextChangeAsync(c => IsCreated(c, LocalCluster.Storage.BuiltinResources.Deployments), "the operator at work", Converge);
        await env.ApplyAsync(0, Fleet, "example.com/app:v1");
        await atWork;
        await env.ApplyAsync(0, 3, "example.com/app:v2");
        var restart = Stopwatch.StartNew();
        await env.Cluster.RestartAsync(Ct);
        var downFor = restart.Elapsed;
        await env.ApplyAsync(3, 3, "example.com/app:v2");

        scenario.Recovery("converged after the restart", await env.ConvergeAsync("after the API server restart"));
        scenario.Recovery("from restart start to converged", restart.Elapsed);
        op.HasExited.ShouldBeFalse("a restarted API server is no reason to exit");
        scenario.Faults["apiServerRestarts"] = 1;
        scenario.Details["apiServerDownSeconds"] = Math.Round(downFor.TotalSeconds, 2);
        scenario.Details["operatorRelists"] = await MetricAsync(op, "kubecontainers_informer_relists_total");
        await env.RecordAsync(scenario);
    }
}
