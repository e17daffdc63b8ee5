using System.Globalization;
using System.Text;

namespace KubeContainers.Benchmarks;

/// <summary>The markdown table printed at the end of a run: each figure, the issue's target and whether it is met.</summary>
internal static class Report
{
    public static string Markdown(BenchResults r)
    {
        var small = r.SmallCount.ToString("N0", CultureInfo.InvariantCulture);
        var large = r.LargeCount.ToString("N0", CultureInfo.InvariantCulture);
        var half = r.CeilingWritesPerSecond / 2;
        var rows = new List<(string Figure, string Value, string Target, bool? Met)>
        {
            ("ceiling_writes_per_second", F(r.CeilingWritesPerSecond, "0"), "", null),
            ($"converge_1000_seconds ({small})", F(r.Converge1000Seconds, "0.0"), "≤ 30 (1,000)", r.SmallCount == 1000 ? r.Converge1000Seconds <= 30 : null),
            ($"converge_10000_seconds ({large})", F(r.Converge10000Seconds, "0.0"), "", null),
            ("operator_writes_per_second", F(r.OperatorWritesPerSecond, "0"), $"≥ {F(half, "0")} (half the ceiling)", r.OperatorWritesPerSecond >= half),
            ("operator / ceiling", F(r.OperatorWritesToCeilingRatio, "0.00"), "≥ 0.50", r.OperatorWritesToCeilingRatio >= 0.5),
            ("writes_per_container", F(r.WritesPerContainer, "0.00"), "≤ 6", r.WritesPerContainer <= 6),
            ("reconciles_per_container", F(r.ReconcilesPerContainer, "0.00"), "≤ 3", r.ReconcilesPerContainer <= 3),
            ($"writes / reconciles per container ({small})", $"{F(r.WritesPerContainer1000, "0.00")} / {F(r.ReconcilesPerContainer1000, "0.00")}", "≤ 6 / ≤ 3",
                r.WritesPerContainer1000 <= 6 && r.ReconcilesPerContainer1000 <= 3),
            ("steady_state_writes", F(r.SteadyStateWrites, "0"), "0", r.SteadyStateWrites == 0),
            ("restart pass writes", F(r.RestartPassWrites, "0"), "0", r.RestartPassWrites == 0),
            ("queue_wait_p99_ms", F(r.QueueWaitP99Ms, "0.0"), "", null),
            ("reconcile_p99_ms", F(r.ReconcileP99Ms, "0.0"), "", null),
            ("spec changes per second reached", F(r.ChurnChangesPerSecond, "0.0"), F(r.Settings.ChurnTargetPerSecond, "0"), null),
            ("rss_mib_idle (managed heap)", $"{F(r.RssMibIdle, "0")} ({F(r.ManagedHeapMibIdle, "0")})", "", null),
            ("rss_mib_idle_after_gc (live heap)", $"{F(r.RssMibIdleAfterGc, "0")} ({F(r.LiveHeapMibIdle, "0")})", "", null),
            ($"rss_mib_10000 ({large}) (managed heap)", $"{F(r.RssMib10000, "0")} ({F(r.ManagedHeapMib10000, "0")})", "≤ 256",
                r.LargeCount == 10_000 ? r.RssMib10000 <= 256 : null),
            ($"rss_mib_10000_after_gc ({large}) (live heap)", $"{F(r.RssMib10000AfterGc, "0")} ({F(r.LiveHeapMib10000, "0")})", "", null),
            ($"rss_mib after the resync ({large}) (managed heap) / after GC (live heap)",
                $"{F(r.RssMibSteadyState, "0")} ({F(r.ManagedHeapMibSteadyState, "0")}) / {F(r.RssMibSteadyStateAfterGc, "0")} ({F(r.LiveHeapMibSteadyState, "0")})", "", null),
            ("startup_to_first_reconcile_ms", F(r.StartupToFirstReconcileMs, "0"), "", null),
            ($"startup_to_first_reconcile_ms ({large} cached)", F(r.StartupToFirstReconcileMs10000, "0"), "", null),
        };
        if (r.Cluster is { } c)
        {
            var n = c.Containers.ToString("N0", CultureInfo.InvariantCulture);
            rows.AddRange(
            [
                ($"cluster: objects stored with {n} containers (JSON MiB)", $"{c.ObjectsTotal.ToString("N0", CultureInfo.InvariantCulture)} ({F(c.StoredJsonMib, "0")})", "", null),
                ("cluster: process managed heap / RSS MiB", $"{F(c.ManagedHeapMib, "0")} / {F(c.RssMib, "0")}", "", null),
                ($"cluster: list all {n} ManagedContainers ms (MiB)", $"{F(c.ListAllContainersMs, "0.0")} ({F(c.ListAllContainersMib, "0.0")})", "", null),
                ("cluster: list all pods / one namespace's pods / get one ms",
                    $"{F(c.ListAllPodsMs, "0.0")} / {F(c.ListNamespacePodsMs, "0.0")} / {F(c.GetOneContainerMs, "0.0")}", "", null),
                ($"cluster: creates per second with {n} containers stored", F(c.WritesPerSecond, "0"), "", null),
                ("cluster: control-plane CPU ms / stored writes per container", $"{F(c.ControlPlaneCpuMsPerContainer, "0.0")} / {F(c.StoreWritesPerContainer, "0.0")}", "", null),
            ]);
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Benchmarks {r.Date:yyyy-MM-dd HH:mm} UTC on {r.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"operator --qps {r.Settings.OperatorQps} --burst {r.Settings.OperatorBurst} --workers {r.Settings.OperatorWorkers}; pod readiness delay 0");
        text.AppendLine();
        text.AppendLine("| figure | value | target | met |");
        text.AppendLine("|---|---:|---|---|");
        foreach (var (figure, value, target, met) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {figure} | {value} | {target} | {(met is null ? "" : met.Value ? "yes" : "**no**")} |");
        }

        foreach (var note in r.Notes)
        {
            text.AppendLine();
            text.Append("- ").AppendLine(note);
        }

        return text.ToString();
    }

    private static string F(double? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string F(long? value, string format) =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
