using System.Globalization;
using System.Text;

namespace KubeContainers.Benchmarks;

/// <summary>The markdown table printed at the end of a run: the headline figures with the issue's goal and whether
/// this run met it (<see cref="Goals"/>), then the figures around them, for context.</summary>
internal static class Report
{
    public static string Markdown(BenchResults r)
    {
        var small = r.SmallCount.ToString("N0", CultureInfo.InvariantCulture);
        var large = r.LargeCount.ToString("N0", CultureInfo.InvariantCulture);
        var rows = new List<(string Figure, string Value, string Goal, string Met)>();
        foreach (var goal in Goals.Of(r))
        {
            var met = goal.Met is not { } yes ? "" : yes ? "yes" : "**no**";
            if (met.Length > 0 && goal.MeasuredAt is { } at)
            {
                met += $" (at {at.ToString("N0", CultureInfo.InvariantCulture)})";
            }

            rows.Add((goal.Figure, F(goal.Value, FormatOf(goal.Figure)), goal.Goal, met));
        }

        rows.AddRange(new (string, string)[]
        {
            ("ceiling_writes_per_second (ConfigMap creates, context)", F(r.CeilingWritesPerSecond, "0")),
            ($"converge_10000_seconds ({large})", F(r.Converge10000Seconds, "0.0")),
            ("operator_writes_per_second", F(r.OperatorWritesPerSecond, "0")),
            ($"direct_converge_1000_seconds ({small}): the same children by a plain client", F(r.DirectConverge1000Seconds, "0.0")),
            ($"direct_converge_10000_seconds ({large}) / overhead_ratio_10000", $"{F(r.DirectConverge10000Seconds, "0.0")} / {F(r.OverheadRatio10000, "0.00")}"),
            ("churn_ready_median_seconds (p99)", $"{F(r.ChurnReadyMedianSeconds, "0.00")} ({F(r.ChurnReadyP99Seconds, "0.00")})"),
            ("direct_churn_rollout_median_seconds (p99): the median of the rounds'", $"{F(r.DirectChurnRolloutMedianSeconds, "0.00")} ({F(r.DirectChurnRolloutP99Seconds, "0.00")})"),
            ("direct churn: each round's median", string.Join(" / ", r.DirectChurnRoundMedianSeconds.Select(m => F(m, "0.00")))),
            ("spec changes per second reached: operator / direct", $"{F(r.ChurnChangesPerSecond, "0.0")} / {F(r.DirectChurnChangesPerSecond, "0.0")}"),
            ("reconcile_p99_ms", F(r.ReconcileP99Ms, "0.0")),
            ("failover: lease duration / lease taken / changed container Ready (s)",
                $"{F(r.FailoverLeaseDurationSeconds, "0")} / {F(r.FailoverLeaseSeconds, "0.0")} / {F(r.FailoverReadySeconds, "0.0")}"),
            ($"writes / reconciles per container ({small})", $"{F(r.WritesPerContainer1000, "0.00")} / {F(r.ReconcilesPerContainer1000, "0.00")}"),
            ("restart pass writes", F(r.RestartPassWrites, "0")),
            ("rss_mib_idle (managed heap)", $"{F(r.RssMibIdle, "0")} ({F(r.ManagedHeapMibIdle, "0")})"),
            ("rss_mib_idle_after_gc (live heap)", $"{F(r.RssMibIdleAfterGc, "0")} ({F(r.LiveHeapMibIdle, "0")})"),
            ($"rss_mib_10000 ({large}) (managed heap)", $"{F(r.RssMib10000, "0")} ({F(r.ManagedHeapMib10000, "0")})"),
            ($"rss_mib_10000_after_gc ({large}) (live heap)", $"{F(r.RssMib10000AfterGc, "0")} ({F(r.LiveHeapMib10000, "0")})"),
            ($"rss_mib after the resync ({large}) (managed heap) / after GC (live heap)",
                $"{F(r.RssMibSteadyState, "0")} ({F(r.ManagedHeapMibSteadyState, "0")}) / {F(r.RssMibSteadyStateAfterGc, "0")} ({F(r.LiveHeapMibSteadyState, "0")})"),
            ("startup_to_first_reconcile_ms_idle", F(r.StartupToFirstReconcileMsIdle, "0")),
        }.Select(row => (row.Item1, row.Item2, "", "")));
        if (r.Cluster is { } c)
        {
            var n = c.Containers.ToString("N0", CultureInfo.InvariantCulture);
            rows.AddRange(new (string, string)[]
            {
                ($"cluster: objects stored with {n} containers (JSON MiB)", $"{c.ObjectsTotal.ToString("N0", CultureInfo.InvariantCulture)} ({F(c.StoredJsonMib, "0")})"),
                ("cluster: process managed heap / RSS MiB", $"{F(c.ManagedHeapMib, "0")} / {F(c.RssMib, "0")}"),
                ($"cluster: list all {n} ManagedContainers ms (MiB)", $"{F(c.ListAllContainersMs, "0.0")} ({F(c.ListAllContainersMib, "0.0")})"),
                ("cluster: list all pods / one namespace's pods / get one ms",
                    $"{F(c.ListAllPodsMs, "0.0")} / {F(c.ListNamespacePodsMs, "0.0")} / {F(c.GetOneContainerMs, "0.0")}"),
                ($"cluster: creates per second with {n} containers stored", F(c.WritesPerSecond, "0")),
                ("cluster: control-plane CPU ms / stored writes per container", $"{F(c.ControlPlaneCpuMsPerContainer, "0.0")} / {F(c.StoreWritesPerContainer, "0.0")}"),
            }.Select(row => (row.Item1, row.Item2, "", "")));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Benchmarks {r.Date:yyyy-MM-dd HH:mm} UTC on {r.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"operator --qps {r.Settings.OperatorQps} --burst {r.Settings.OperatorBurst} --workers {r.Settings.OperatorWorkers}; pod readiness delay 0");
        text.AppendLine();
        text.AppendLine("| figure | value | goal | met |");
        text.AppendLine("|---|---:|---|---|");
        foreach (var (figure, value, goal, met) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {value} | {goal} | {met} |");
        }

        foreach (var note in r.Notes)
        {
            text.AppendLine();
            text.Append("- ").AppendLine(note);
        }

        return text.ToString();
    }

    private static string FormatOf(string figure) => figure switch
    {
        _ when figure.Contains("ratio", StringComparison.Ordinal) => "0.00",
        _ when figure.EndsWith("_ms", StringComparison.Ordinal) => "0",
        "operator_cpu_ms_per_container" or "cpu_ms_per_noop_reconcile" or "writes_per_container" or "reconciles_per_container" => "0.00",
        _ when figure.StartsWith("rss_", StringComparison.Ordinal) || figure == "steady_state_writes" => "0",
        _ => "0.0",
    };

    private static string F(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string F(long? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
