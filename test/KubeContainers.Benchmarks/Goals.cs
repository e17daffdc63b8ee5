using System.Globalization;

namespace KubeContainers.Benchmarks;

/// <summary>One headline figure against its goal.</summary>
/// <param name="Figure">The name in results.json.</param>
/// <param name="Goal">As the issue states it ("≤ 1.15").</param>
/// <param name="Met">Null when the figure was not measured.</param>
/// <param name="MeasuredAt">The number of containers it was measured with when that is not the goal's
/// (a <c>--scale</c> or <c>--quick</c> run); null when it is, or when the figure does not depend on it.</param>
internal sealed record GoalRow(string Figure, double? Value, string Goal, bool? Met, int? MeasuredAt);

/// <summary>
/// The goals of issue 22 ("Performance near the limit"), with converge_1000_seconds from issue 8. The "keep" rows
/// hold the figures the issue found (6 writes and 2 reconciles per container, 0 in steady state) as ceilings.
/// </summary>
internal static class Goals
{
    public static IReadOnlyList<GoalRow> Of(BenchResults r)
    {
        int? Small(int goalCount) => r.SmallCount == goalCount ? null : r.SmallCount;
        int? Large() => r.LargeCount == 10_000 ? null : r.LargeCount;
        var failoverLimit = r.FailoverLeaseDurationSeconds + 2;
        return
        [
            Row("overhead_ratio_1000", r.OverheadRatio1000, "≤ 1.15", v => v <= 1.15, Small(1000)),
            Row("churn_overhead_ratio", r.ChurnOverheadRatio, "≤ 1.2", v => v <= 1.2, Large()),
            Row("queue_wait_p99_ms", r.QueueWaitP99Ms, "≤ 1,000", v => v <= 1000, Large()),
            Row("startup_to_first_reconcile_ms", r.StartupToFirstReconcileMs, "≤ 2,000", v => v <= 2000, Large()),
            Row("failover_seconds", r.FailoverSeconds,
                failoverLimit is { } limit ? $"≤ lease + 2 = {limit.ToString("0", CultureInfo.InvariantCulture)}" : "≤ lease + 2",
                v => failoverLimit is { } limit && v <= limit, Large()),
            Row("operator_cpu_ms_per_container", r.OperatorCpuMsPerContainer, "≤ 3", v => v <= 3, Large()),
            Row("cpu_ms_per_noop_reconcile", r.CpuMsPerNoopReconcile, "≤ 0.3", v => v <= 0.3, null),
            Row("rss_mib_idle", r.RssMibIdle, "≤ 64", v => v <= 64, null),
            Row("rss_mib_10000", r.RssMib10000, "≤ 160", v => v <= 160, Large()),
            Row("writes_per_container", r.WritesPerContainer, "≤ 6 (keep)", v => v <= 6, Large()),
            Row("reconciles_per_container", r.ReconcilesPerContainer, "≤ 2 (keep)", v => v <= 2, Large()),
            Row("steady_state_writes", r.SteadyStateWrites, "0 (keep)", v => v == 0, Large()),
            Row("converge_1000_seconds", r.Converge1000Seconds, "≤ 30", v => v <= 30, Small(1000)),
        ];
    }

    private static GoalRow Row(string figure, double? value, string goal, Func<double, bool> met, int? measuredAt) =>
        new(figure, value, goal, value is { } v ? met(v) : null, measuredAt);
}
