using static KubeContainers.Operator.Tests.Reliability.ReliabilityCluster;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>Scenario 6: spec changes and new containers made while no operator runs are applied at its next start.</summary>
[ClusterTest]
public sealed class OperatorDownTests
{
    private const int Before = Fleet - 2;

    [Fact]
    public async Task Changes_and_creations_made_while_the_operator_is_down_are_applied_at_its_next_start()
    {
        await using var env = await StartAsync("down");
        var scenario = new ReliabilityResults.Scenario("6-changes-while-down",
            "8 containers converged; the operator stopped with SIGTERM (exit 0); 4 containers changed and 2 created while it is down; at its next start all 10 converge");
        var op = env.StartOperator();
        await env.ApplyAsync(0, Before, "example.com/app:v1");
        await env.ConvergeAsync("before the stop");

        op.Terminate();
        (await op.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, "SIGTERM is a clean stop");
        await env.RemoveAsync(op);
        await env.ApplyAsync(0, Before / 2, "example.com/app:v2");
        await env.ApplyAsync(Before, Fleet - Before, "example.com/app:v2");
        var changedWhileDown = env.Desired.Count(d => d.Value.EndsWith(":v2", StringComparison.Ordinal));
        (await ConvergenceCheck.SnapshotAsync(env.Client, env.Namespace, env.Desired)).Lost.ShouldBe(changedWhileDown, "nothing reconciles while the operator is down");

        op = env.StartOperator();
        scenario.Recovery("from process start to converged", await env.ConvergeAsync("after the next start"));
        op.HasExited.ShouldBeFalse();
        scenario.Faults["operatorStops"] = 1;
        scenario.Details["changedWhileDown"] = Before / 2;
        scenario.Details["createdWhileDown"] = Fleet - Before;
        await env.RecordAsync(scenario);
    }
}
