using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.LocalCluster;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.Testing;
using Microsoft.Diagnostics.NETCore.Client;

namespace KubeContainers.Benchmarks;

/// <summary>
/// One benchmark run, phase by phase: the local cluster's write ceiling from a plain client; the real operator's
/// startup and idle memory; convergence of the small set created at once, then the same children created by a plain
/// client with no operator (the overhead ratio); convergence of the large set (writes and reconciles per container,
/// operator CPU); memory with the large set cached; queue wait and time to Ready under a steady rate of spec changes;
/// writes during a full resync of the unchanged large set by a restarted operator; failover between two
/// leader-elected operators; then, the operator gone, the large set's children created and changed at the same rate by
/// a plain client (the churn overhead ratio).
/// The operator's writes are the local cluster's count of every HTTP write not made by the benchmark itself
/// (field manager <see cref="BenchManager"/>); its reconciles and latencies come from its /metrics.
/// </summary>
internal sealed partial class BenchmarkRunner(BenchOptions options, TextWriter progress)
{
    public const string BenchManager = "kubecontainers-bench";
    private const string Controller = "managedcontainer";
    private const string ReconcileTotal = "controller_runtime_reconcile_total";
    private const string ReconcileSeconds = "controller_runtime_reconcile_time_seconds";
    // The operator's own queue wait (every priority summed): client-go's workqueue_queue_duration_seconds has the same
    // samples in power-of-ten buckets, which read any p99 between 10 and 100 s as 94-99 s.
    private const string QueueWaitSeconds = "kubecontainers_workqueue_queue_duration_seconds";
    private const string QueueDepth = "workqueue_depth";
    private const string Group = "kubecontainers.io";
    private const string Version = "v1alpha1";
    private const string Plural = "managedcontainers";

    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly string logDirectory = Path.GetDirectoryName(Path.GetFullPath(options.Output))!;
    private LocalCluster.LocalCluster? cluster;
    private Kubernetes? client;
    private ResourceType? managedContainers;
    private ReadinessTracker? tracker;
    private OperatorProcess? running;
    private OperatorIdentity? identity;

    private LocalCluster.LocalCluster Cluster => cluster!;

    private Kubernetes Client => client!;

    private ReadinessTracker Tracker => tracker!;

    private OperatorProcess Operator => running ?? throw new InvalidOperationException("the operator is not running");

    /// <summary>False when a phase failed or timed out (the notes say which); a missed target is not a failure.</summary>
    public bool Succeeded { get; private set; } = true;

    public async Task<BenchResults> RunAsync(CancellationToken ct)
    {
        var results = new BenchResults
        {
            Machine = MachineInfo.Current(),
            Settings = BenchSettings.From(options),
            SmallCount = options.SmallCount,
            LargeCount = options.LargeCount,
        };
        results.LoadAverageAtStart = MachineInfo.LoadAverage();
        Log($"machine: {results.Machine}; load average {results.LoadAverageAtStart}");
        Log($"containers: {options.SmallCount} then {options.LargeCount}, {options.PerNamespace} per namespace; operator --qps {options.Qps} --burst {options.Burst} --workers {options.Workers}");
        cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions
        {
            PodReadyDelay = TimeSpan.Zero,
            Nodes = Nodes(options.LargeCount),
        }, ct);
        try
        {
            client = new Kubernetes(Cluster.ClientConfiguration());
            await InstallCrdAsync(ct);
            // The operator runs as a real installation runs it: its ServiceAccount, bound to the chart's RBAC.
            // With the chart's leader-election Role: the failover phase runs two replicas campaigning for its Lease.
            identity = await OperatorIdentity.InstallAsync(Cluster.KubeconfigPath, leaderElection: true);
            tracker = ReadinessTracker.Start(Cluster.Api, managedContainers!);
            if (options.StartupOnly)
            {
                await PhaseAsync(results, "startup-only", () => StartupOnlyAsync(results, ct));
            }
            else
            {
                await PhaseAsync(results, "ceiling", () => CeilingAsync(results, ct));
                await PhaseAsync(results, "startup", () => StartupAsync(results, ct));
            }

            if (running is not null && !options.StartupOnly)
            {
                IReadOnlyList<ChildSet> smallSets = [];
                await PhaseAsync(results, "converge-small", async () =>
                {
                    var phase = await ConvergeAsync("converge-small", "bench-small", options.SmallCount, ct);
                    results.Phases.Add(phase);
                    results.Converge1000Seconds = phase.TimedOut ? null : Round(phase.Seconds, 2);
                    results.WritesPerContainer1000 = Round((double)phase.OperatorWrites / phase.Containers, 2);
                    results.ReconcilesPerContainer1000 = Round(phase.Reconciles / phase.Containers, 2);
                    Check(!phase.TimedOut, results, $"the small set did not converge within {options.ConvergeTimeout(options.SmallCount).TotalSeconds} s");
                    smallSets = ChildSet.Capture(Cluster.Store, "bench-small");
                    await DeleteNamespacesAsync("bench-small", ct);
                });
                await PhaseAsync(results, "overhead-direct", () => OverheadDirectAsync(results, smallSets, ct));
                if (running is null)
                {
                    await PhaseAsync(results, "restart", () => RestartForLargeSetAsync(ct));
                }

                List<string> large = [];
                PhaseResult? largePhase = null;
                await PhaseAsync(results, "converge-large", async () =>
                {
                    var phase = await ConvergeAsync("converge-large", "bench-large", options.LargeCount, ct);
                    largePhase = phase;
                    results.Phases.Add(phase);
                    large = [.. Tracker.Keys.Where(k => k.StartsWith("bench-large", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
                    results.Converge10000Seconds = phase.TimedOut ? null : Round(phase.Seconds, 2);
                    results.OperatorWritesPerSecond = Round(phase.OperatorWrites / phase.Seconds, 1);
                    results.OperatorCpuMsPerContainer = Round(phase.OperatorCpuSeconds * 1000 / phase.Containers, 2);
                    results.WritesPerContainer = Round((double)phase.OperatorWrites / phase.Containers, 2);
                    results.ReconcilesPerContainer = Round(phase.Reconciles / phase.Containers, 2);
                    results.RssMib10000 = Round(Operator.RssMib(), 1);
                    results.ManagedHeapMib10000 = await ManagedHeapMibAsync(ct);
                    Log($"operator RSS with the large set cached: {results.RssMib10000} MiB, managed heap {results.ManagedHeapMib10000} MiB");
                    if (await LiveMemoryAsync(results, "with the large set cached", ct) is { } live)
                    {
                        results.LiveHeapMib10000 = live.LiveHeapMib;
                        results.RssMib10000AfterGc = live.RssMib;
                    }

                    Check(!phase.TimedOut, results, $"the large set did not converge within {options.ConvergeTimeout(options.LargeCount).TotalSeconds} s");
                });
                if (largePhase is { TimedOut: false })
                {
                    await PhaseAsync(results, "cluster", () => ClusterAsync(results, largePhase, ct));
                }

                IReadOnlyList<string> churned = [];
                await PhaseAsync(results, "churn", async () => churned = await ChurnAsync(results, large, ct));
                await PhaseAsync(results, "steady-state", () => SteadyStateAsync(results, ct));
                if (large.Count > 0)
                {
                    await PhaseAsync(results, "failover", () => FailoverAsync(results, large, ct));
                    await PhaseAsync(results, "churn-direct", () => ChurnDirectAsync(results, churned, ct));
                }

                results.ChurnOverheadRatio = results.ChurnReadyMedianSeconds / results.DirectChurnRolloutMedianSeconds is { } ratio ? Round(ratio, 3) : null;
            }
        }
        finally
        {
            if (running is not null)
            {
                await running.DisposeAsync();
            }

            tracker?.Dispose();
            client?.Dispose();
            await Cluster.DisposeAsync();
        }

        results.Date = DateTimeOffset.UtcNow;
        results.LoadAverageAtEnd = MachineInfo.LoadAverage();
        Log($"load average at the end: {results.LoadAverageAtEnd}");
        return results;
    }

    /// <summary>Enough simulated nodes for every pod, with the surge of a rollout on top: placement is not measured.</summary>
    private static IReadOnlyList<NodeSpec> Nodes(int containers)
    {
        const int podsPerNode = 500;
        var count = Math.Max(3, ((containers * 3 / 2) + 100 + podsPerNode - 1) / podsPerNode);
        // gVisor on every node: the operator's default sandbox must start anywhere (as in make demo's shape).
        return [.. Enumerable.Range(1, count).Select(i => new NodeSpec($"node-{i}", Cpu: "1000", Memory: "4000Gi", Pods: podsPerNode, RuntimeHandlers: NodeSpec.GVisorRuntimeHandlers))];
    }

    private async Task InstallCrdAsync(CancellationToken ct)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(options.FindCrd(), ct));
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, fieldManager: BenchManager, cancellationToken: ct);
        // The ContainerPlan CRD beside it: the operator watches plans (none exist here: the built-in plan applies).
        var plans = Path.Combine(Path.GetDirectoryName(options.FindCrd())!, "kubecontainers.io_containerplans.yaml");
        if (File.Exists(plans))
        {
            var planCrd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(plans, ct));
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(planCrd, fieldManager: BenchManager, cancellationToken: ct);
        }
        managedContainers = Cluster.Api.Registry.Find(Group, Version, Plural)
            ?? throw new InvalidOperationException("the ManagedContainer CRD was stored but is not served");
    }

    private async Task CeilingAsync(BenchResults results, CancellationToken ct)
    {
        const string ns = "bench-ceiling";
        await CreateNamespaceAsync(ns, ct);
        await CreateConfigMapsAsync(ns, "warmup", options.CeilingWarmup, ct);
        var started = Stopwatch.GetTimestamp();
        await CreateConfigMapsAsync(ns, "cm", options.CeilingCount, ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        results.CeilingWritesPerSecond = Round(options.CeilingCount / seconds, 0);
        results.Phases.Add(new PhaseResult { Name = "ceiling", Containers = 0, Seconds = Round(seconds, 3) });
        Log($"ceiling: {options.CeilingCount} ConfigMaps in {seconds:0.00} s = {results.CeilingWritesPerSecond} creates/s ({options.CeilingParallelism} in parallel)");
    }

    private async Task CreateConfigMapsAsync(string ns, string prefix, int count, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.CeilingParallelism).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta { Name = $"{prefix}-{i:D6}", Labels = new Dictionary<string, string> { ["app"] = "bench" } },
                    Data = new Dictionary<string, string> { ["key"] = "value" },
                }, ns, fieldManager: BenchManager, cancellationToken: ct);
            }
        }, ct)));
    }

    private async Task StartupAsync(BenchResults results, CancellationToken ct)
    {
        const string ns = "bench-warm";
        await CreateNamespaceAsync(ns, ct);
        CreateContainer(ns, "warm");
        running = StartOperator("operator", []);
        var first = await WaitForReconcilesAsync(1, TimeSpan.FromSeconds(60), ct);
        Check(first is not null, results, "the operator did not reconcile within 60 s of starting");
        results.StartupToFirstReconcileMsIdle = first is { } ms ? Round(ms, 0) : null;
        Log($"startup to first reconcile: {results.StartupToFirstReconcileMsIdle} ms");
        var ready = await ReadinessTracker.WaitAsync(() => Tracker.IsReady($"{ns}/warm"), TimeSpan.FromSeconds(60), ct);
        Check(ready, results, "the first ManagedContainer did not become Ready within 60 s");
        await Task.Delay(options.IdleSettle, ct);
        results.RssMibIdle = Round(Operator.RssMib(), 1);
        results.ManagedHeapMibIdle = await ManagedHeapMibAsync(ct);
        Log($"operator RSS idle (one container): {results.RssMibIdle} MiB, managed heap {results.ManagedHeapMibIdle} MiB");
        if (await LiveMemoryAsync(results, "idle (one container)", ct) is { } live)
        {
            results.LiveHeapMibIdle = live.LiveHeapMib;
            results.RssMibIdleAfterGc = live.RssMib;
        }
    }

    /// <summary>Creates <paramref name="count"/> ManagedContainers at once (in-process, so the creation itself takes
    /// next to no time) and waits until every one is Ready at its generation.</summary>
    private async Task<PhaseResult> ConvergeAsync(string name, string prefix, int count, CancellationToken ct)
    {
        var namespaces = (count + options.PerNamespace - 1) / options.PerNamespace;
        for (var n = 0; n < namespaces; n++)
        {
            await CreateNamespaceAsync($"{prefix}-{n:D3}", ct);
        }

        var keys = Enumerable.Range(0, count).Select(i => $"{prefix}-{i / options.PerNamespace:D3}/app-{i:D5}").ToList();
        var before = await MeasureAsync(ct);
        var started = Stopwatch.GetTimestamp();
        foreach (var key in keys)
        {
            var (ns, container) = Split(key);
            CreateContainer(ns, container);
        }

        Log($"{name}: created {count} ManagedContainers in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s; waiting for Ready");
        var converged = await WaitWithProgressAsync(name, () => Tracker.CountReady(keys), count, options.ConvergeTimeout(count), ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var phase = await PhaseSinceAsync(name, before, count, seconds, ct);
        phase.TimedOut = !converged;
        var times = keys.Select(Tracker.ReadyAt).OfType<long>().Select(at => (double)(at - started) / Stopwatch.Frequency).Order().ToList();
        phase.TimeToReadyP50Seconds = Percentile(times, 0.5);
        phase.TimeToReadyP99Seconds = Percentile(times, 0.99);
        Log($"{name}: {Tracker.CountReady(keys)}/{count} Ready in {seconds:0.00} s; {phase.OperatorWrites} operator writes ({(double)phase.OperatorWrites / count:0.00} per container), " +
            $"{phase.Reconciles} reconciles ({phase.Reconciles / count:0.00} per container), {phase.OperatorWrites / seconds:0} writes/s");
        var settle = await SettleAsync(ct);
        Log($"{name}: {settle} more operator writes until the queue emptied");
        return phase;
    }

    /// <summary>
    /// The local cluster at the large set's size: what it stores and the memory it takes, the median time of lists over
    /// HTTP (every ManagedContainer, every pod, one namespace's pods, one get), and its write ceiling with all of it stored.
    /// </summary>
    private async Task ClusterAsync(BenchResults results, PhaseResult large, CancellationToken ct)
    {
        var store = Cluster.Store;
        var figures = new ClusterResult
        {
            Containers = large.Containers,
            ControlPlaneCpuMsPerContainer = Round(large.ClusterCpuSeconds * 1000 / large.Containers, 2),
            StoreWritesPerContainer = Round((double)large.StoreWrites / large.Containers, 2),
        };
        long jsonBytes = 0;
        foreach (var storageKey in Cluster.Api.Registry.All.Select(t => t.StorageKey).Distinct(StringComparer.Ordinal))
        {
            var items = store.List(storageKey, null).Items;
            if (items.Count > 0)
            {
                figures.Objects[storageKey] = items.Count;
                jsonBytes += items.Sum(o => (long)o.Json.Length);
            }
        }

        figures.ObjectsTotal = figures.Objects.Values.Sum();
        figures.StoredJsonMib = Round(jsonBytes / 1024.0 / 1024.0, 1);
        figures.WatchHistoryChanges = store.HistoryCount;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        figures.ManagedHeapMib = Round(GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0, 1);
        figures.RssMib = Round(OperatorProcess.RssMibOf(Environment.ProcessId), 1);

        using var http = Cluster.CreateHttpClient();
        var (allContainersMs, allContainersBytes) = await MedianGetAsync(http, $"/apis/{Group}/{Version}/{Plural}", 5, ct);
        figures.ListAllContainersMs = allContainersMs;
        figures.ListAllContainersMib = Round(allContainersBytes / 1024.0 / 1024.0, 1);
        figures.ListAllPodsMs = (await MedianGetAsync(http, "/api/v1/pods", 5, ct)).Ms;
        figures.ListNamespacePodsMs = (await MedianGetAsync(http, "/api/v1/namespaces/bench-large-000/pods?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dkubecontainers", 21, ct)).Ms;
        figures.GetOneContainerMs = (await MedianGetAsync(http, $"/apis/{Group}/{Version}/namespaces/bench-large-000/{Plural}/app-00000", 21, ct)).Ms;

        const string ns = "bench-cluster";
        await CreateNamespaceAsync(ns, ct);
        var started = Stopwatch.GetTimestamp();
        await CreateConfigMapsAsync(ns, "cm", options.CeilingCount, ct);
        figures.WritesPerSecond = Round(options.CeilingCount / Stopwatch.GetElapsedTime(started).TotalSeconds, 0);
        results.Cluster = figures;
        Log($"cluster: {figures.ObjectsTotal} objects ({figures.StoredJsonMib} MiB of JSON, {figures.WatchHistoryChanges} changes of history); " +
            $"process heap {figures.ManagedHeapMib} MiB, RSS {figures.RssMib} MiB; list {large.Containers} ManagedContainers {figures.ListAllContainersMs} ms " +
            $"({figures.ListAllContainersMib} MiB), all pods {figures.ListAllPodsMs} ms, one namespace's pods {figures.ListNamespacePodsMs} ms, " +
            $"get {figures.GetOneContainerMs} ms; {figures.WritesPerSecond} creates/s; control plane {figures.ControlPlaneCpuMsPerContainer} ms CPU " +
            $"and {figures.StoreWritesPerContainer} stored writes per container");
    }

    /// <summary>The median time (ms) of <paramref name="count"/> GETs read to the last byte, after one untimed, and the body size.</summary>
    private static async Task<(double Ms, long Bytes)> MedianGetAsync(HttpClient http, string path, int count, CancellationToken ct)
    {
        var times = new List<double>(count);
        long bytes = 0;
        for (var i = 0; i <= count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (i > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            bytes = body.Length;
        }

        times.Sort();
        return (Round(times[times.Count / 2], 1), bytes);
    }

    /// <summary>Changes the image of <see cref="BenchOptions.ChurnChanges"/> different containers of the large set at
    /// <see cref="BenchOptions.ChurnPerSecond"/>, then waits until each is Ready at its new generation. Returns the
    /// containers changed.</summary>
    private async Task<IReadOnlyList<string>> ChurnAsync(BenchResults results, IReadOnlyList<string> large, CancellationToken ct)
    {
        if (large.Count == 0)
        {
            throw new InvalidOperationException("no large set to change");
        }

        var changes = Math.Min(options.ChurnChanges, large.Count);
        var step = (double)large.Count / changes;
        var targets = Enumerable.Range(0, changes).Select(i => large[(int)(i * step)]).ToList();
        // As the direct churn does: the changes meet a cluster that is doing nothing else.
        var quiet = await ClusterQuiet.WaitAsync(Cluster.Store, ct);
        results.ChurnQuietSeconds = Round(quiet.Seconds, 1);
        Log($"churn: cluster {quiet.Describe()}; load average {MachineInfo.LoadAverage()}");
        NoteUnsettled(results, "churn", quiet);
        var before = await MeasureAsync(ct);
        var started = Stopwatch.GetTimestamp();
        var sent = await PaceAsync(targets, key => ChangeImageAsync(key, "example.com/app:2", ct), ct);
        results.ChurnChangesPerSecond = Round(changes / sent.Seconds, 1);
        Log($"churn: {changes} spec changes in {sent.Seconds:0.0} s ({results.ChurnChangesPerSecond}/s); waiting for Ready at the new generations");
        var settled = await WaitWithProgressAsync("churn", () => targets.Count(k => Tracker.IsReadyAt(k, sent.Generations[k])), changes, options.ChurnTimeout(changes), ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var phase = await PhaseSinceAsync("churn", before, changes, seconds, ct);
        phase.TimedOut = !settled;
        results.Phases.Add(phase);
        results.ChurnSettleSeconds = Round(seconds - sent.Seconds, 2);
        results.QueueWaitP99Ms = phase.QueueWaitP99Ms;
        results.ReconcileP99Ms = phase.ReconcileP99Ms;
        var latencies = Latencies(targets, sent.SentAt, k => Tracker.IsReadyAt(k, sent.Generations[k]) ? Tracker.ReadyAt(k) : null);
        results.ChurnReadyMedianSeconds = Percentile(latencies, 0.5);
        results.ChurnReadyP99Seconds = Percentile(latencies, 0.99);
        Check(settled, results, "the changed containers did not all become Ready again in time");
        Log($"churn: queue wait p99 {phase.QueueWaitP99Ms} ms, reconcile p99 {phase.ReconcileP99Ms} ms, {phase.OperatorWrites} writes ({(double)phase.OperatorWrites / changes:0.00} per change), " +
            $"{phase.Reconciles} reconciles ({phase.Reconciles / changes:0.00} per change); change to Ready median {results.ChurnReadyMedianSeconds} s, p99 {results.ChurnReadyP99Seconds} s; " +
            $"Ready again {results.ChurnSettleSeconds} s after the last change");
        await SettleAsync(ct);
        return targets;
    }

    /// <summary>Sends one change to each of <paramref name="targets"/> at <see cref="BenchOptions.ChurnPerSecond"/>
    /// (64 in flight at most); the generation each produced and when each was sent (<see cref="Stopwatch"/> ticks).</summary>
    private async Task<PacedChanges> PaceAsync(IReadOnlyList<string> targets, Func<string, Task<long>> change, CancellationToken ct)
    {
        var generations = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var sentAt = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        using var inFlight = new SemaphoreSlim(64);
        var sends = new List<Task>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var due = started + (long)(i / options.ChurnPerSecond * Stopwatch.Frequency);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
            }

            await inFlight.WaitAsync(ct);
            var key = targets[i];
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    sentAt[key] = Stopwatch.GetTimestamp();
                    generations[key] = await change(key);
                }
                finally
                {
                    inFlight.Release();
                }
            }, ct));
        }

        await Task.WhenAll(sends);
        return new PacedChanges(generations, sentAt, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Seconds from each change's sending to <paramref name="doneAt"/> (null: not done), sorted.</summary>
    private static List<double> Latencies(IEnumerable<string> keys, IReadOnlyDictionary<string, long> sentAt, Func<string, long?> doneAt) =>
        [.. keys.Select(k => doneAt(k) is { } done ? (double)(done - sentAt[k]) / Stopwatch.Frequency : (double?)null).OfType<double>().Order()];

    /// <summary>Restarts the operator with a short resync and counts its writes over its first pass and then one
    /// full periodic resync of everything (the reconcile counter growing by at least the number of containers).</summary>
    private async Task SteadyStateAsync(BenchResults results, CancellationToken ct)
    {
        await Operator.StopAsync();
        await Operator.DisposeAsync();
        running = null;
        var total = Tracker.Keys.Count;
        var writesBefore = OperatorWrites();
        running = StartOperator("operator-steady", ["--resync-seconds", options.ResyncSeconds.ToString(CultureInfo.InvariantCulture)]);
        var first = await WaitForReconcilesAsync(1, TimeSpan.FromSeconds(120), ct);
        results.StartupToFirstReconcileMs10000 = first is { } ms ? Round(ms, 0) : null;
        Check(first is not null, results, "the restarted operator did not reconcile within 120 s");
        Log($"steady state: restarted with --resync-seconds {options.ResyncSeconds}; first reconcile after {results.StartupToFirstReconcileMs10000} ms with {total} containers");

        var passStarted = Stopwatch.GetTimestamp();
        var passTimeout = options.ConvergeTimeout(total);
        var passed = await WaitForReconcilesAsync(total, passTimeout, ct);
        Check(passed is not null, results, $"the restarted operator did not reconcile all {total} containers within {passTimeout.TotalSeconds} s");
        var afterPass = await MeasureAsync(ct);
        var passSeconds = Stopwatch.GetElapsedTime(passStarted).TotalSeconds;
        results.RestartPassWrites = afterPass.Writes - writesBefore;
        Log($"steady state: first pass over {total} in {passSeconds:0.0} s with {results.RestartPassWrites} writes");
        if (passSeconds > options.ResyncSeconds)
        {
            results.Notes.Add($"The restarted operator's first pass ({passSeconds:0} s) took longer than its resync period ({options.ResyncSeconds} s): the resync round overlapped it.");
        }

        var resynced = await WaitForReconcilesAsync(afterPass.Reconciles + total, passTimeout + TimeSpan.FromSeconds(options.ResyncSeconds), ct);
        Check(resynced is not null, results, "the restarted operator did not complete a full resync round in time");
        var phase = await PhaseSinceAsync("steady-state", afterPass, total, Stopwatch.GetElapsedTime(passStarted).TotalSeconds - passSeconds, ct);
        phase.TimedOut = resynced is null;
        results.Phases.Add(phase);
        results.SteadyStateWrites = phase.OperatorWrites;
        results.SteadyStateReconciles = phase.Reconciles;
        results.CpuMsPerNoopReconcile = phase.Reconciles > 0 ? Round(phase.OperatorCpuSeconds * 1000 / phase.Reconciles, 3) : null;
        results.RssMibSteadyState = Round(Operator.RssMib(), 1);
        results.ManagedHeapMibSteadyState = await ManagedHeapMibAsync(ct);
        Log($"steady state: {phase.Reconciles} reconciles in one resync round, {phase.OperatorWrites} writes; operator RSS {results.RssMibSteadyState:0} MiB, managed heap {results.ManagedHeapMibSteadyState} MiB");
        if (await LiveMemoryAsync(results, "after the resync round", ct) is { } live)
        {
            results.LiveHeapMibSteadyState = live.LiveHeapMib;
            results.RssMibSteadyStateAfterGc = live.RssMib;
        }
    }

    private async Task<double> ManagedHeapMibAsync(CancellationToken ct) =>
        Round((await Operator.ScrapeAsync(ct)).Sum("dotnet_total_memory_bytes") / 1024 / 1024, 1);

    /// <summary>The operator's live heap and RSS after a full GC induced from outside (read after the usual figures,
    /// which it does not change); null, with a note, when the collection could not be induced.</summary>
    private async Task<InducedGc.Result?> LiveMemoryAsync(BenchResults results, string when, CancellationToken ct)
    {
        try
        {
            var live = await InducedGc.CollectAsync(Operator, ct);
            Log($"operator after an induced full GC {when}: live heap {live.LiveHeapMib} MiB, RSS {live.RssMib} MiB ({live.Seconds} s)");
            return live;
        }
        catch (Exception e) when (e is TimeoutException or ServerNotAvailableException or UnsupportedCommandException or IOException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            results.Notes.Add($"The operator's live heap {when} was not measured: {e.GetType().Name}: {e.Message}");
            Log($"operator live heap {when} not measured: {e.Message}");
            return null;
        }
    }

    private OperatorProcess StartOperator(string name, IEnumerable<string> flags, string? operatorDll = null)
    {
        var log = Path.Combine(logDirectory, $"{name}.log");
        Log($"starting the operator ({Path.GetFileName(operatorDll ?? options.OperatorDll)}); log in {log}");
        return OperatorProcess.Start(operatorDll ?? options.OperatorDll, identity!.Kubeconfig, log,
        [
            "--qps", options.Qps.ToString(CultureInfo.InvariantCulture),
            "--burst", options.Burst.ToString(CultureInfo.InvariantCulture),
            "--workers", options.Workers.ToString(CultureInfo.InvariantCulture),
            .. flags,
        ], options.OperatorEnvironment);
    }

    /// <summary>Milliseconds from the operator's start until its reconcile count reached <paramref name="count"/>; null on timeout.</summary>
    private async Task<double?> WaitForReconcilesAsync(double count, TimeSpan within, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (Operator.HasExited)
            {
                throw new InvalidOperationException("the operator exited; see its log");
            }

            if ((await Operator.ScrapeAsync(ct)).Sum(ReconcileTotal) >= count)
            {
                return Stopwatch.GetElapsedTime(Operator.StartedAt).TotalMilliseconds;
            }

            // Every scrape costs the operator CPU (its process metrics read /proc): poll slowly once past startup.
            await Task.Delay(count <= 1 ? 5 : 1000, ct);
        }

        return null;
    }

    /// <summary>Waits for the work queue to empty and the operator to stop writing (<see cref="BenchOptions.SettleQuiet"/>
    /// without a write, at most 60 s); returns the writes made meanwhile.</summary>
    private async Task<long> SettleAsync(CancellationToken ct)
    {
        var start = OperatorWrites();
        var last = start;
        var quietSince = Stopwatch.GetTimestamp();
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100, ct);
            var now = OperatorWrites();
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) >= options.SettleQuiet
                && (await Operator.ScrapeAsync(ct)).Sum(QueueDepth, ("controller", Controller)) == 0)
            {
                break;
            }
        }

        return last - start;
    }

    private async Task<bool> WaitWithProgressAsync(string name, Func<int> done, int of, TimeSpan within, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(within.TotalSeconds * Stopwatch.Frequency);
        var nextReport = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        var seen = -1L;
        var count = 0;
        while (true)
        {
            // Count again only when a ManagedContainer changed since the last poll.
            if (Tracker.Version is var version && version != seen)
            {
                seen = version;
                count = done();
            }

            if (count >= of)
            {
                return true;
            }

            if (Operator.HasExited)
            {
                throw new InvalidOperationException("the operator exited; see its log");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            if (Stopwatch.GetTimestamp() > nextReport)
            {
                nextReport += 10 * Stopwatch.Frequency;
                var metrics = await Operator.ScrapeAsync(ct);
                Log($"{name}: {count}/{of} Ready, queue depth {metrics.Sum(QueueDepth)}, {metrics.Sum(ReconcileTotal)} reconciles, {OperatorWrites()} operator writes in all");
            }

            await Task.Delay(20, ct);
        }
    }

    private async Task DeleteNamespacesAsync(string prefix, CancellationToken ct)
    {
        var namespaces = Cluster.Store.List(BuiltinResources.Namespaces.StorageKey, null).Items
            .Select(n => n.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var ns in namespaces)
        {
            await Client.CoreV1.DeleteNamespaceAsync(ns, cancellationToken: ct);
        }

        var gone = await ReadinessTracker.WaitAsync(
            () => namespaces.All(ns => Cluster.Api.TryGet(BuiltinResources.Namespaces, null, ns) is null), TimeSpan.FromSeconds(300), ct);
        if (!gone)
        {
            throw new InvalidOperationException($"the namespaces {prefix}-* were not deleted within 300 s");
        }

        if (running is not null)
        {
            await SettleAsync(ct);
        }

        Log($"deleted the namespaces {prefix}-*");
    }

    private void CreateContainer(string ns, string name)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = $"{Group}/{Version}",
            ["kind"] = "ManagedContainer",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["image"] = "example.com/app:1", ["port"] = 8080 },
        };
        Cluster.Api.Create(managedContainers!, ns, body, new WriteOptions(BenchManager));
    }

    /// <summary>A merge patch of spec.image, as a user's edit; returns the generation it produced.</summary>
    private async Task<long> ChangeImageAsync(string key, string image, CancellationToken ct)
    {
        var (ns, name) = Split(key);
        var patch = new V1Patch(new JsonObject { ["spec"] = new JsonObject { ["image"] = image } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        var patched = await Client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, Group, Version, ns, Plural, name, fieldManager: BenchManager, cancellationToken: ct);
        return ((JsonElement)patched).GetProperty("metadata").GetProperty("generation").GetInt64();
    }

    private async Task CreateNamespaceAsync(string name, CancellationToken ct) =>
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, fieldManager: BenchManager, cancellationToken: ct);

    /// <summary>Writes by anyone but the benchmark: the operator is the only other HTTP client.</summary>
    private long OperatorWrites() => Cluster.Requests.Writes() - Cluster.Requests.Writes(BenchManager);

    private async Task<Measurement> MeasureAsync(CancellationToken ct)
    {
        var metrics = await Operator.ScrapeAsync(ct);
        return new Measurement(Cluster.Requests.Snapshot(), OperatorWrites(), metrics.Sum(ReconcileTotal), metrics,
            Operator.CpuTime(), MachineInfo.ClusterCpu(), Cluster.Store.Revision);
    }

    private async Task<PhaseResult> PhaseSinceAsync(string name, Measurement before, int containers, double seconds, CancellationToken ct)
    {
        var after = await MeasureAsync(ct);
        var requests = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long errors = 0;
        foreach (var entry in after.Requests.Where(e => e.Client != BenchManager))
        {
            var earlier = before.Requests.FirstOrDefault(e => e.Client == entry.Client && e.Verb == entry.Verb && e.Resource == entry.Resource);
            var count = entry.Count - (earlier?.Count ?? 0);
            if (count > 0)
            {
                requests[$"{entry.Client} {entry.Verb} {entry.Resource}"] = count;
            }

            if (RequestStats.IsWrite(entry.Verb))
            {
                errors += entry.Errors - (earlier?.Errors ?? 0);
            }
        }

        var byResultBefore = before.Metrics.By(ReconcileTotal, "result");
        var reconcileTimes = after.Metrics.Histogram(ReconcileSeconds, ("controller", Controller)).Since(before.Metrics.Histogram(ReconcileSeconds, ("controller", Controller)));
        var queueWaits = after.Metrics.Histogram(QueueWaitSeconds, ("name", Controller)).Since(before.Metrics.Histogram(QueueWaitSeconds, ("name", Controller)));
        return new PhaseResult
        {
            Name = name,
            Containers = containers,
            Seconds = Round(seconds, 3),
            OperatorWrites = after.Writes - before.Writes,
            OperatorWriteErrors = errors,
            OperatorRequests = requests,
            Reconciles = after.Reconciles - before.Reconciles,
            ReconcilesByResult = after.Metrics.By(ReconcileTotal, "result")
                .ToDictionary(r => r.Key, r => r.Value - byResultBefore.GetValueOrDefault(r.Key), StringComparer.Ordinal),
            ReconcileP50Ms = Ms(reconcileTimes.Quantile(0.5)),
            ReconcileP99Ms = Ms(reconcileTimes.Quantile(0.99)),
            QueueWaitP50Ms = Ms(queueWaits.Quantile(0.5)),
            QueueWaitP99Ms = Ms(queueWaits.Quantile(0.99)),
            OperatorCpuSeconds = Round((after.OperatorCpu - before.OperatorCpu).TotalSeconds, 2),
            ClusterCpuSeconds = Round((after.ClusterCpu - before.ClusterCpu).TotalSeconds, 2),
            StoreWrites = after.StoreRevision - before.StoreRevision,
        };
    }

    private async Task PhaseAsync(BenchResults results, string name, Func<Task> phase)
    {
        if (options.ChurnOnly && name is not ("startup" or "restart" or "converge-large" or "churn" or "churn-direct"))
        {
            Log($"--- {name}: skipped (--churn-only)");
            return;
        }

        Log($"--- {name}");
        try
        {
            await phase();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Succeeded = false;
            results.Notes.Add($"Phase {name} failed: {e.GetType().Name}: {e.Message}");
            Log($"{name} failed: {e}");
        }
    }

    private void Check(bool ok, BenchResults results, string failure)
    {
        if (!ok)
        {
            Succeeded = false;
            results.Notes.Add(failure);
            Log(failure);
        }
    }

    private void Log(string message)
    {
        lock (progress)
        {
            progress.WriteLine($"[{clock.Elapsed.TotalSeconds,7:0.0}s] {message}");
            progress.Flush();
        }
    }

    private static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    private static double? Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? null : Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)], 3);

    private static double? Ms(double? seconds) => seconds is { } s ? Round(s * 1000, 1) : null;

    private static double Round(double value, int digits) => Math.Round(value, digits);

    private sealed record PacedChanges(
        IReadOnlyDictionary<string, long> Generations, IReadOnlyDictionary<string, long> SentAt, double Seconds);

    private sealed record Measurement(
        IReadOnlyList<RequestStatsEntry> Requests, long Writes, double Reconciles, MetricsSnapshot Metrics, TimeSpan OperatorCpu, TimeSpan ClusterCpu,
        long StoreRevision);
}
