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
}
