using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeContainers.Benchmarks;

/// <summary>
/// The direct baselines: what the cluster must do anyway, without the operator. The children the operator created
/// (<see cref="ChildSet.Capture"/>) are created again by a plain KubernetesClient at the operator's concurrency (one
/// set after another per worker, <see cref="BenchOptions.Workers"/> at once), with the operator stopped, so
/// neither its requests nor its watches load the cluster; then, for the churn, their Deployments' images are patched
/// at the churn's rate.
/// </summary>
internal sealed partial class BenchmarkRunner
{
    /// <summary>Rounds of the direct churn (each patches every churned Deployment once, from a settled cluster).</summary>
    private const int DirectChurnRounds = 3;

    /// <summary>The small set's children, created directly after the small set's namespaces are gone; the operator
    /// restarts afterwards (<see cref="RestartForLargeSetAsync"/>).</summary>
    private async Task OverheadDirectAsync(BenchResults results, IReadOnlyList<ChildSet> sets, CancellationToken ct)
    {
        if (sets.Count == 0)
        {
            throw new InvalidOperationException("no children of the small set were captured");
        }

        await StopOperatorAsync();
        using var workloads = new WorkloadTracker(Cluster.Store);
        var phase = await CreateDirectAsync("overhead-direct", sets, workloads, ct);
        results.Phases.Add(phase);
        results.DirectConverge1000Seconds = phase.TimedOut ? null : phase.Seconds;
        results.OverheadRatio1000 = results.Converge1000Seconds / results.DirectConverge1000Seconds is { } ratio ? Round(ratio, 3) : null;
        Log($"overhead-direct: overhead_ratio_1000 = {results.Converge1000Seconds} s / {results.DirectConverge1000Seconds} s = {results.OverheadRatio1000}");
        Check(!phase.TimedOut, results, $"the small set's children created directly were not all rolled out and addressed within {options.ConvergeTimeout(sets.Count).TotalSeconds} s");
        await DeleteNamespacesAsync("bench-small", ct);
    }

    private async Task RestartForLargeSetAsync(CancellationToken ct)
    {
        running = StartOperator("operator-large", []);
        // The warm container's reconcile: every cache has synced and the workers run.
        var first = await WaitForReconcilesAsync(1, TimeSpan.FromSeconds(120), ct);
        if (first is null)
        {
            throw new InvalidOperationException("the operator restarted for the large set did not reconcile within 120 s");
        }

        await SettleAsync(ct);
    }

    /// <summary>
    /// With the operator gone: the large set's children captured, its namespaces deleted, the same children created
    /// directly (the large baseline), then the Deployments of the containers the churn changed get a new image at the
    /// same rate; the median time from patch to rolled out is the churn baseline.
    /// </summary>
    private async Task ChurnDirectAsync(BenchResults results, IReadOnlyList<string> churned, CancellationToken ct)
    {
        if (churned.Count == 0)
        {
            throw new InvalidOperationException("the operator's churn changed nothing to compare with");
        }

        await StopOperatorAsync();
        var sets = ChildSet.Capture(Cluster.Store, "bench-large");
        var byContainer = sets.ToDictionary(s => s.Container, StringComparer.Ordinal);
        var targets = churned.Select(k => byContainer.TryGetValue(k, out var set) ? set.DeploymentKey
            : throw new InvalidOperationException($"no children of {k} were captured")).ToList();
        await DeleteNamespacesAsync("bench-large", ct);

        using var workloads = new WorkloadTracker(Cluster.Store);
        var converge = await CreateDirectAsync("converge-large-direct", sets, workloads, ct);
        results.Phases.Add(converge);
        results.DirectConverge10000Seconds = converge.TimedOut ? null : converge.Seconds;
        results.OverheadRatio10000 = results.Converge10000Seconds / results.DirectConverge10000Seconds is { } ratio ? Round(ratio, 3) : null;
        if (converge.TimedOut)
        {
            throw new InvalidOperationException($"the large set's children created directly were not all rolled out within {options.ConvergeTimeout(sets.Count).TotalSeconds} s");
        }

        // Rounds of the same changes, each from a settled cluster: the spread between them is the baseline's noise,
        // and their median the figure (one round's median moved 0.07-6.4 s across runs before the settling).
        var medians = new List<double>();
        var p99s = new List<double>();
        for (var round = 1; round <= DirectChurnRounds; round++)
        {
            var quiet = await ClusterQuiet.WaitAsync(Cluster.Store, ct);
            results.DirectChurnQuietSeconds.Add(Round(quiet.Seconds, 1));
            Log($"churn-direct round {round}: cluster {quiet.Describe()}; load average {MachineInfo.LoadAverage()}");
            NoteUnsettled(results, $"churn-direct round {round}", quiet);
            var image = $"example.com/app:{round + 2}";
            var before = DirectMeasure();
            var started = Stopwatch.GetTimestamp();
            var sent = await PaceAsync(targets, key => ChangeDeploymentImageAsync(key, image, ct), ct);
            var rate = Round(targets.Count / sent.Seconds, 1);
            // The pace every round reached: the slowest round's.
            results.DirectChurnChangesPerSecond = Math.Min(results.DirectChurnChangesPerSecond ?? rate, rate);
            Log($"churn-direct round {round}: {targets.Count} Deployment image patches in {sent.Seconds:0.0} s ({rate}/s); waiting for the rollouts");
            var settled = await WaitDirectAsync("churn-direct", () => targets.Count(k => workloads.IsRolledOutAt(k, sent.Generations[k])), targets.Count,
                workloads, options.ChurnTimeout(targets.Count), ct);
            var phase = DirectPhase(round == 1 ? "churn-direct" : $"churn-direct-{round}", before, targets.Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
            phase.TimedOut = !settled;
            var latencies = Latencies(targets, sent.SentAt, k => workloads.IsRolledOutAt(k, sent.Generations[k]) ? workloads.RolledOutAt(k) : null);
            phase.TimeToReadyP50Seconds = Percentile(latencies, 0.5);
            phase.TimeToReadyP99Seconds = Percentile(latencies, 0.99);
            results.Phases.Add(phase);
            Check(settled, results, $"the directly patched Deployments of round {round} did not all roll out in time");
            Log($"churn-direct round {round}: patch to rolled out median {phase.TimeToReadyP50Seconds} s, p99 {phase.TimeToReadyP99Seconds} s; " +
                $"the cluster used {phase.ClusterCpuSeconds} CPU-s and stored {phase.StoreWrites} writes");
            if (phase.TimeToReadyP50Seconds is { } median && phase.TimeToReadyP99Seconds is { } p99)
            {
                medians.Add(median);
                p99s.Add(p99);
            }
        }

        results.DirectChurnRoundMedianSeconds = medians;
        results.DirectChurnRolloutMedianSeconds = Percentile([.. medians.Order()], 0.5);
        results.DirectChurnRolloutP99Seconds = Percentile([.. p99s.Order()], 0.5);
        Log($"churn-direct: patch to rolled out, median of the rounds' medians {results.DirectChurnRolloutMedianSeconds} s (rounds: {string.Join(", ", medians)}), " +
            $"their p99s' median {results.DirectChurnRolloutP99Seconds} s (the operator's change to Ready: median {results.ChurnReadyMedianSeconds} s, p99 {results.ChurnReadyP99Seconds} s)");
    }

    /// <summary>Creates the namespaces (untimed), then every set, <see cref="BenchOptions.Workers"/> at a time, until
    /// every Deployment is rolled out and every Service has a ready address.</summary>
    private async Task<PhaseResult> CreateDirectAsync(string name, IReadOnlyList<ChildSet> sets, WorkloadTracker workloads, CancellationToken ct)
    {
        foreach (var ns in sets.Select(s => s.Container[..s.Container.IndexOf('/', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal))
        {
            await CreateNamespaceAsync(ns, ct);
        }

        var before = DirectMeasure();
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        var creating = Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < sets.Count; i = Interlocked.Increment(ref next))
            {
                await sets[i].CreateAsync(Client, BenchManager, ct);
            }
        }, ct)));
        var done = await WaitDirectAsync(name, () => sets.Count(s => workloads.IsRolledOut(s.DeploymentKey) && workloads.IsAddressed(s.ServiceKey)), sets.Count,
            workloads, options.ConvergeTimeout(sets.Count), ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await creating;
        var phase = DirectPhase(name, before, sets.Count, seconds);
        phase.TimedOut = !done;
        Log($"{name}: {sets.Count} sets of children ({sets.Sum(s => s.Objects.Count)} objects) by a plain client, {options.Workers} at a time: " +
            $"rolled out and addressed in {seconds:0.00} s; the cluster used {phase.ClusterCpuSeconds} CPU-s and stored {phase.StoreWrites} writes");
        return phase;
    }

    private async Task<bool> WaitDirectAsync(string name, Func<int> count, int of, WorkloadTracker workloads, TimeSpan within, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        var nextReport = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        var seen = -1L;
        var done = 0;
        while (true)
        {
            if (workloads.Version is var version && version != seen)
            {
                seen = version;
                done = count();
            }

            if (done >= of)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            if (Stopwatch.GetTimestamp() > nextReport)
            {
                nextReport += 10 * Stopwatch.Frequency;
                Log($"{name}: {done}/{of} done");
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>A JSON patch of the first container's image, as <c>kubectl set image</c> would change it; returns the generation.</summary>
    private async Task<long> ChangeDeploymentImageAsync(string key, string image, CancellationToken ct)
    {
        var (ns, name) = Split(key);
        var patch = new V1Patch(
            new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template/spec/containers/0/image", ["value"] = image }).ToJsonString(),
            V1Patch.PatchType.JsonPatch);
        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: BenchManager, cancellationToken: ct);
        return patched.Metadata.Generation ?? 0;
    }

    /// <summary>A churn that started on a cluster still busy is in results.json, not only in the log.</summary>
    private static void NoteUnsettled(BenchResults results, string phase, ClusterQuiet.Outcome quiet)
    {
        if (!quiet.Quiet)
        {
            results.Notes.Add($"The {phase} started on a cluster that was not quiet: {quiet.Describe()}.");
        }
    }

    private async Task StopOperatorAsync()
    {
        if (running is { } stopping)
        {
            running = null;
            await stopping.StopAsync();
            await stopping.DisposeAsync();
        }
    }

    private (TimeSpan Cpu, long Revision) DirectMeasure()
    {
        return (MachineInfo.ClusterCpu(), Cluster.Store.Revision);
    }

    /// <summary>A phase without an operator: the benchmark process's CPU (the cluster, its controllers and the plain
    /// client) and the writes the cluster stored.</summary>
    private PhaseResult DirectPhase(string name, (TimeSpan Cpu, long Revision) before, int containers, double seconds)
    {
        var (cpu, revision) = DirectMeasure();
        return new PhaseResult
        {
            Name = name,
            Containers = containers,
            Seconds = Round(seconds, 3),
            ClusterCpuSeconds = Round((cpu - before.Cpu).TotalSeconds, 2),
            StoreWrites = revision - before.Revision,
        };
    }
}
