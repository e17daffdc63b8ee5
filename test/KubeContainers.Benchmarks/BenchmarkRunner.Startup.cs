using System.Globalization;

namespace KubeContainers.Benchmarks;

/// <summary>
/// <c>--startup-only</c>: only the restart figure, without the 15-minute run. Creates the large set (and one container
/// in a namespace of its own, as the full run has), lets the operator converge it once (so every child exists, as in
/// the full run's steady-state restart), then restarts the operator <see cref="BenchOptions.StartupRestarts"/> times
/// and takes each restart's time from <c>Process.Start</c> to <c>controller_runtime_reconcile_total</c> ≥ 1, the
/// way the full run's <c>startup_to_first_reconcile_ms</c> is taken. Figures: the median restart as
/// <c>startup_to_first_reconcile_ms</c>; the cold start (containers stored, no child yet) only in the log. With
/// <c>--startup-compare-dll</c> the restarts go round the builds (each restarted
/// <see cref="BenchOptions.StartupRestarts"/> times), so a change is measured against its base under the same load.
/// </summary>
internal sealed partial class BenchmarkRunner
{
    private async Task StartupOnlyAsync(BenchResults results, CancellationToken ct)
    {
        await CreateNamespaceAsync("bench-warm", ct);
        CreateContainer("bench-warm", "warm");
        var count = options.LargeCount;
        var namespaces = (count + options.PerNamespace - 1) / options.PerNamespace;
        for (var n = 0; n < namespaces; n++)
        {
            await CreateNamespaceAsync($"bench-large-{n:D3}", ct);
        }

        var keys = Enumerable.Range(0, count).Select(i => $"bench-large-{i / options.PerNamespace:D3}/app-{i:D5}").ToList();
        foreach (var key in keys)
        {
            var (ns, name) = Split(key);
            CreateContainer(ns, name);
        }

        running = StartOperator("operator-cold", []);
        var cold = await WaitForReconcilesAsync(1, TimeSpan.FromSeconds(120), ct);
        Log($"startup-only: cold start (containers, no children) to first reconcile: {cold:0} ms with {count + 1} containers");
        var converged = await WaitWithProgressAsync("startup-only", () => Tracker.CountReady(keys), count, options.ConvergeTimeout(count), ct);
        Check(converged, results, "the large set did not converge");
        await SettleAsync(ct);
        string[] builds = [options.OperatorDll, .. options.StartupCompareDlls];
        var times = builds.ToDictionary(b => b, _ => new List<double>());
        for (var i = 0; i < options.StartupRestarts * builds.Length; i++)
        {
            var build = builds[i % builds.Length];
            await StopOperatorAsync();
            var load = MachineInfo.LoadAverage();
            running = StartOperator($"operator-restart-{i}", [], build);
            var first = await WaitForReconcilesAsync(1, TimeSpan.FromSeconds(120), ct);
            var cpu = Operator.CpuTime();
            Check(first is not null, results, "the restarted operator did not reconcile within 120 s");
            if (first is { } ms)
            {
                times[build].Add(ms);
            }

            Log($"startup-only: restart {i + 1} ({build}): first reconcile after {first:0} ms, operator CPU {cpu.TotalMilliseconds:0} ms, {count + 1} containers cached (load average {load})");
            // Let the restart's first pass finish before the next one, as the full run's steady state would.
            await SettleAsync(ct);
        }

        foreach (var (build, list) in times)
        {
            list.Sort();
            var median = Percentile(list, 0.5) is { } middle ? Round(middle, 0) : (double?)null;
            // The figure is the build under test's; the compared builds are only logged.
            if (build == options.OperatorDll)
            {
                results.StartupToFirstReconcileMs10000 = median;
            }

            Log($"startup-only: {build}: restarts {string.Join(", ", list.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms; median {median} ms");
        }
    }
}
