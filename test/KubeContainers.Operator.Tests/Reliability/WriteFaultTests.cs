using KubeContainers.Operator.Tests.Support;
using static KubeContainers.Operator.Tests.Reliability.ReliabilityCluster;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>Scenario 1: writes refused with 409 Conflict and 500 InternalError, then bursts of 429 with Retry-After.</summary>
[ClusterTest]
public sealed class WriteFaultTests
{
    private const int Bursts = 2;

    [Fact]
    public async Task Writes_refused_with_409_500_and_429_bursts_lose_no_change_and_converge_once_the_faults_stop()
    {
        await using var env = await StartAsync("writes");
        var scenario = new ReliabilityResults.Scenario("1-write-faults",
            "10% of writes 409, 5% 500 while N containers are created and half changed; then two 429 bursts (50% of all requests, Retry-After 1 s) each with a change; after the faults stop everything converges and no change is lost");
        var op = env.StartOperator();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        env.Faults.WriteConflictRate = 0.10;
        env.Faults.WriteServerErrorRate = 0.05;
        await env.ApplyAsync(0, Fleet, "example.com/app:v1");
        await UntilAsync(env, async () => await AnswersAsync(op, 409, 500) >= 2, "the operator to meet 409s and 500s");
        await env.ApplyAsync(0, Fleet / 2, "example.com/app:v2");
        await UntilAsync(env, async () => await AnswersAsync(op, 409, 500) >= 5, "the operator to meet more 409s and 500s");
        var metConflictsAndErrors = await AnswersAsync(op, 409, 500);
        scenario.Details["conflictAndErrorPhaseSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        clock.Restart();

        env.Faults.RetryAfterSeconds = 1;
        for (var burst = 0; burst < Bursts; burst++)
        {
            var before = await AnswersAsync(op, 429);
            env.Faults.TooManyRequestsRate = 0.5;
            await env.ApplyAsync(Fleet / 2, 1 + burst, "example.com/app:v2");
            await UntilAsync(env, async () => await AnswersAsync(op, 429) >= before + 2, $"429 burst {burst + 1} to reach the operator");
            env.Faults.TooManyRequestsRate = 0;
        }

        var met429 = await AnswersAsync(op, 429);
        scenario.Details["tooManyRequestsPhaseSeconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        scenario.Faults["writeConflictRate"] = 0.10;
        scenario.Faults["writeServerErrorRate"] = 0.05;
        scenario.Faults["tooManyRequestsRateInBursts"] = 0.5;
        scenario.Faults["retryAfterSeconds"] = 1;
        scenario.Faults["operatorGot409or500"] = metConflictsAndErrors;
        scenario.Faults["operatorGot429"] = met429;
        env.Faults.Reset();

        scenario.Recovery("converged after the faults stopped", await env.ConvergeAsync("after the write faults"));
        op.HasExited.ShouldBeFalse("the operator survives API errors");
        scenario.Details["operatorWorkqueueRetries"] = await MetricAsync(op, "workqueue_retries_total");
        await env.RecordAsync(scenario);
    }

    /// <summary>Waits for <paramref name="condition"/>, or for the fleet to have converged even under the faults
    /// (then there is no more work for the faults to hit).</summary>
    private static Task UntilAsync(ReliabilityCluster env, Func<Task<bool>> condition, string what) =>
        Eventually.True(
            async () => await condition() || (await ConvergenceCheck.SnapshotAsync(env.Client, env.Namespace, env.Desired)).Converged,
            what, Converge);
}
