using System.Text.Json.Nodes;

namespace KubeContainers.Benchmarks.Tests;

/// <summary>results.json's names and the table's rows for the memory figures, without a run.</summary>
public sealed class BenchReportTests
{
    [Fact]
    public void The_live_heap_after_an_induced_gc_is_in_the_json_and_the_table_beside_the_managed_heap()
    {
        var results = new BenchResults
        {
            Machine = MachineInfo.Current(),
            Settings = BenchSettings.From(BenchOptions.Parse(["--quick"], _ => null)),
            LargeCount = 20,
            RssMibIdle = 137.6,
            ManagedHeapMibIdle = 12.5,
            RssMibIdleAfterGc = 140.5,
            LiveHeapMibIdle = 10.4,
            RssMib10000 = 163.5,
            ManagedHeapMib10000 = 20.8,
            RssMib10000AfterGc = 161.5,
            LiveHeapMib10000 = 10.9,
            RssMibSteadyState = 147.2,
            ManagedHeapMibSteadyState = 19.5,
            RssMibSteadyStateAfterGc = 151.6,
            LiveHeapMibSteadyState = 10.5,
        };

        var json = JsonNode.Parse(results.ToJson())!;
        json["rss_mib_10000"]!.GetValue<double>().ShouldBe(163.5);
        json["managed_heap_mib_10000"]!.GetValue<double>().ShouldBe(20.8);
        json["rss_mib_10000_after_gc"]!.GetValue<double>().ShouldBe(161.5);
        json["live_heap_mib_10000"]!.GetValue<double>().ShouldBe(10.9);
        json["rss_mib_idle_after_gc"]!.GetValue<double>().ShouldBe(140.5);
        json["live_heap_mib_idle"]!.GetValue<double>().ShouldBe(10.4);
        json["rss_mib_steady_state"]!.GetValue<double>().ShouldBe(147.2);
        json["managed_heap_mib_steady_state"]!.GetValue<double>().ShouldBe(19.5);
        json["rss_mib_steady_state_after_gc"]!.GetValue<double>().ShouldBe(151.6);
        json["live_heap_mib_steady_state"]!.GetValue<double>().ShouldBe(10.5);

        var table = Report.Markdown(results);
        table.ShouldContain("| rss_mib_idle (managed heap) | 138 (13) |");
        table.ShouldContain("| rss_mib_idle_after_gc (live heap) | 141 (10) |");
        table.ShouldContain("| rss_mib_10000 (20) (managed heap) | 164 (21) |");
        table.ShouldContain("| rss_mib_10000_after_gc (20) (live heap) | 162 (11) |");
        table.ShouldContain("| rss_mib after the resync (20) (managed heap) / after GC (live heap) | 147 (20) / 152 (11) |");
    }

    [Fact]
    public void A_live_heap_not_measured_is_null_in_the_json_and_na_in_the_table()
    {
        var results = new BenchResults
        {
            Machine = MachineInfo.Current(),
            Settings = BenchSettings.From(BenchOptions.Parse(["--quick"], _ => null)),
            LargeCount = 20,
        };

        JsonNode.Parse(results.ToJson())!.AsObject().ContainsKey("live_heap_mib_10000").ShouldBeTrue();
        Report.Markdown(results).ShouldContain("| rss_mib_10000_after_gc (20) (live heap) | n/a (n/a) |");
    }

    [Fact]
    public void Each_issue_figure_has_its_goal_and_whether_it_was_met_and_the_ceiling_ratio_is_gone()
    {
        var results = new BenchResults
        {
            Machine = MachineInfo.Current(),
            Settings = BenchSettings.From(BenchOptions.Parse([], _ => null)),
            SmallCount = 1000,
            LargeCount = 10_000,
            CeilingWritesPerSecond = 3772,
            OperatorWritesPerSecond = 380,
            OverheadRatio1000 = 1.31,
            ChurnOverheadRatio = 1.1,
            QueueWaitP99Ms = 16188,
            StartupToFirstReconcileMs10000 = 1500,
            FailoverSeconds = 16.4,
            FailoverLeaseDurationSeconds = 15,
            SteadyStateWrites = 0,
        };

        var json = JsonNode.Parse(results.ToJson())!.AsObject();
        json.ContainsKey("operator_writes_to_ceiling_ratio").ShouldBeFalse();
        json["startup_to_first_reconcile_ms"]!.GetValue<double>().ShouldBe(1500);
        json["goals"]!.AsArray().Count.ShouldBe(results.Goals.Count);

        var table = Report.Markdown(results);
        table.ShouldContain("| figure | value | goal | met |");
        table.ShouldContain("| overhead_ratio_1000 | 1.31 | ≤ 1.15 | **no** |");
        table.ShouldContain("| churn_overhead_ratio | 1.10 | ≤ 1.2 | yes |");
        table.ShouldContain("| queue_wait_p99_ms | 16188 | ≤ 1,000 | **no** |");
        table.ShouldContain("| startup_to_first_reconcile_ms | 1500 | ≤ 2,000 | yes |");
        table.ShouldContain("| failover_seconds | 16.4 | ≤ lease + 2 = 17 | yes |");
        table.ShouldContain("| steady_state_writes | 0 | 0 (keep) | yes |");
        // Not measured: no verdict.
        table.ShouldContain("| operator_cpu_ms_per_container | n/a | ≤ 3 |  |");
        table.ShouldNotContain("ceiling |");
    }

    [Fact]
    public void A_figure_measured_at_a_smaller_scale_says_at_how_many_containers()
    {
        var results = new BenchResults
        {
            Machine = MachineInfo.Current(),
            Settings = BenchSettings.From(BenchOptions.Parse(["--scale", "0.1"], _ => null)),
            SmallCount = 100,
            LargeCount = 1000,
            OverheadRatio1000 = 1.05,
            RssMib10000 = 200,
            RssMibIdle = 60,
        };

        var table = Report.Markdown(results);
        table.ShouldContain("| overhead_ratio_1000 | 1.05 | ≤ 1.15 | yes (at 100) |");
        table.ShouldContain("| rss_mib_10000 | 200 | ≤ 160 | **no** (at 1,000) |");
        table.ShouldContain("| rss_mib_idle | 60 | ≤ 64 | yes |");
    }
}
