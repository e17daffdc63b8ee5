using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace KubeContainers.Benchmarks.Tests;

/// <summary>
/// make bench's harness end to end at toy scale (--quick: 10 then 20 containers, a few seconds a phase, the failover's
/// 15 s lease the longest): the local cluster, the real operator process, every phase and figure (the direct baselines
/// and two leader-elected replicas included), results.json and the table with its goals. It checks that the
/// harness measures, not how fast the operator is: the targets are for make bench on a quiet machine.
/// </summary>
[ClusterTest]
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task The_quick_run_measures_every_figure_against_the_real_operator()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"kubecontainers-bench-{Guid.NewGuid():N}");
        var output = Path.Combine(directory, "results.json");
        var options = BenchOptions.Parse(["--quick", "--output", output, "--crd", Crd()], _ => null);
        var progress = new StringWriter();
        try
        {
            var runner = new BenchmarkRunner(options, progress);

            var results = await runner.RunAsync(TestContext.Current.CancellationToken);
            await results.WriteAsync(output);

            runner.Succeeded.ShouldBeTrue($"{string.Join("\n", results.Notes)}\n{progress}");
            results.CeilingWritesPerSecond.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.Converge1000Seconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.Converge10000Seconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            // The direct baselines: the operator's children by a plain client, their Deployments patched at the churn's rate.
            results.DirectConverge1000Seconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.OverheadRatio1000.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.DirectConverge10000Seconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.ChurnReadyMedianSeconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.DirectChurnRolloutMedianSeconds.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.ChurnOverheadRatio.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.OperatorCpuMsPerContainer.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.CpuMsPerNoopReconcile.ShouldNotBeNull().ShouldBeGreaterThan(0);
            // Failover: the standby cannot take the Lease of a leader killed without releasing it before the lease has run
            // out (from when the standby last saw a renewal, every 2 s or later on a loaded machine: half the lease is a
            // safe floor), nor write before it holds the Lease.
            var leaseDuration = results.FailoverLeaseDurationSeconds.ShouldNotBeNull();
            leaseDuration.ShouldBeGreaterThan(0);
            results.FailoverLeaseSeconds.ShouldNotBeNull().ShouldBeGreaterThan(leaseDuration / 2);
            results.FailoverSeconds.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(results.FailoverLeaseSeconds.Value);
            results.FailoverReadySeconds.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(results.FailoverSeconds.Value);
            // The floor: four children (NetworkPolicy, Service, Deployment, Ingress) and one status write.
            results.WritesPerContainer.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(5);
            results.ReconcilesPerContainer.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(1);
            results.SteadyStateWrites.ShouldNotBeNull();
            results.SteadyStateReconciles.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(options.LargeCount);
            results.QueueWaitP99Ms.ShouldNotBeNull();
            results.ReconcileP99Ms.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.RssMibIdle.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.RssMib10000.ShouldNotBeNull().ShouldBeGreaterThan(0);
            // The live heap after a full GC induced over the diagnostic port (InducedGc), idle, with the large set and after the resync.
            results.LiveHeapMibIdle.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.RssMibIdleAfterGc.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.LiveHeapMib10000.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.RssMib10000AfterGc.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.LiveHeapMibSteadyState.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.RssMibSteadyState.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.StartupToFirstReconcileMsIdle.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.StartupToFirstReconcileMs.ShouldNotBeNull().ShouldBeGreaterThan(0);
            results.StartupToFirstReconcileMs.ShouldBe(results.StartupToFirstReconcileMs10000);
            var cluster = results.Cluster.ShouldNotBeNull();
            cluster.Containers.ShouldBe(options.LargeCount);
            cluster.Objects["managedcontainers.kubecontainers.io"].ShouldBeGreaterThanOrEqualTo(options.LargeCount);
            cluster.ObjectsTotal.ShouldBeGreaterThan(options.LargeCount * 5);
            cluster.ListAllContainersMs.ShouldBeGreaterThan(0);
            cluster.ListNamespacePodsMs.ShouldBeGreaterThan(0);
            cluster.WritesPerSecond.ShouldBeGreaterThan(0);
            cluster.StoreWritesPerContainer.ShouldBeGreaterThan(0);

            var json = JsonNode.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken))!;
            json["converge_1000_seconds"]!.GetValue<double>().ShouldBe(results.Converge1000Seconds.Value);
            json["machine"]!["cores"]!.GetValue<int>().ShouldBe(Environment.ProcessorCount);
            File.Exists(Path.Combine(directory, "operator.log")).ShouldBeTrue();
            var table = Report.Markdown(results);
            foreach (var figure in IssueFigures)
            {
                // Every figure of the issue's table is measured, under its name, and has its goal in the table.
                json[figure].ShouldNotBeNull($"results.json has no {figure}");
                json[figure]!.GetValue<double>().ShouldBeGreaterThanOrEqualTo(0, figure);
                table.ShouldContain($"| {figure} | ");
                results.Goals.ShouldContain(g => g.Figure == figure && g.Met != null, figure);
            }

            json.AsObject().ContainsKey("operator_writes_to_ceiling_ratio").ShouldBeFalse();
            json["live_heap_mib_10000"]!.GetValue<double>().ShouldBe(results.LiveHeapMib10000.Value);
            json["cluster"]!["objects_total"]!.GetValue<int>().ShouldBe(cluster.ObjectsTotal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static readonly string[] IssueFigures =
    [
        "overhead_ratio_1000", "churn_overhead_ratio", "queue_wait_p99_ms", "startup_to_first_reconcile_ms", "failover_seconds",
        "operator_cpu_ms_per_container", "cpu_ms_per_noop_reconcile", "rss_mib_idle", "rss_mib_10000", "writes_per_container",
        "reconciles_per_container", "steady_state_writes",
    ];

    private static string Crd([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "crds", "kubecontainers.io_managedcontainers.yaml"));
}
