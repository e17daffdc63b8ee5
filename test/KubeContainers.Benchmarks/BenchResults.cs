using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeContainers.Benchmarks;

/// <summary>
/// results.json. The headline figures carry the names; with <c>--scale</c> or <c>--quick</c> the
/// "1000" and "10000" figures are for <see cref="SmallCount"/> and <see cref="LargeCount"/> containers.
/// A figure is null when its phase did not finish (see <see cref="Notes"/>).
/// </summary>
internal sealed class BenchResults
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public DateTimeOffset Date { get; set; } = DateTimeOffset.UtcNow;

    public required MachineInfo Machine { get; init; }

    public required BenchSettings Settings { get; init; }

    public int SmallCount { get; set; }

    public int LargeCount { get; set; }

    public double? CeilingWritesPerSecond { get; set; }

    [JsonPropertyName("converge_1000_seconds")]
    public double? Converge1000Seconds { get; set; }

    [JsonPropertyName("converge_10000_seconds")]
    public double? Converge10000Seconds { get; set; }

    /// <summary>Operator writes per second over the large convergence (context: the ceiling's ratio is gone, see docs/benchmarks.md).</summary>
    public double? OperatorWritesPerSecond { get; set; }

    /// <summary><see cref="Converge1000Seconds"/> ÷ <see cref="DirectConverge1000Seconds"/>: what the operator adds to
    /// what the cluster must do anyway for the small set.</summary>
    [JsonPropertyName("overhead_ratio_1000")]
    public double? OverheadRatio1000 { get; set; }

    /// <summary>The small set's children (as the operator created them) created by a plain client at the operator's
    /// concurrency, until every Deployment is rolled out and every Service has a ready address; no operator running.</summary>
    [JsonPropertyName("direct_converge_1000_seconds")]
    public double? DirectConverge1000Seconds { get; set; }

    /// <summary>The same for the large set (context; created after the operator's phases, before the direct churn).</summary>
    [JsonPropertyName("direct_converge_10000_seconds")]
    public double? DirectConverge10000Seconds { get; set; }

    [JsonPropertyName("overhead_ratio_10000")]
    public double? OverheadRatio10000 { get; set; }

    /// <summary><see cref="ChurnReadyMedianSeconds"/> ÷ <see cref="DirectChurnRolloutMedianSeconds"/>.</summary>
    public double? ChurnOverheadRatio { get; set; }

    /// <summary>Median, over the churn's spec changes, of the time from sending the change to the ManagedContainer
    /// being Ready at the new generation (p99 beside it).</summary>
    public double? ChurnReadyMedianSeconds { get; set; }

    [JsonPropertyName("churn_ready_p99_seconds")]
    public double? ChurnReadyP99Seconds { get; set; }

    /// <summary>Median of the time from a direct image patch of a plain Deployment (no operator) to its rollout
    /// (kubectl rollout status), at the same rate over the same number of Deployments (p99 beside it).</summary>
    public double? DirectChurnRolloutMedianSeconds { get; set; }

    [JsonPropertyName("direct_churn_rollout_p99_seconds")]
    public double? DirectChurnRolloutP99Seconds { get; set; }

    public double? DirectChurnChangesPerSecond { get; set; }

    /// <summary>Each round's median of the direct churn (<see cref="DirectChurnRolloutMedianSeconds"/> is their
    /// median, <see cref="DirectChurnRolloutP99Seconds"/> the median of their p99s): the baseline's spread in one run.</summary>
    public List<double> DirectChurnRoundMedianSeconds { get; set; } = [];

    /// <summary>How long the cluster took to settle (<see cref="ClusterQuiet"/>) before each direct round, and before
    /// the operator's churn.</summary>
    public List<double> DirectChurnQuietSeconds { get; set; } = [];

    public double? ChurnQuietSeconds { get; set; }

    /// <summary>Operator CPU per container over the large convergence (create to Ready).</summary>
    public double? OperatorCpuMsPerContainer { get; set; }

    /// <summary>Operator CPU per reconcile over the steady-state resync round, where no reconcile writes.</summary>
    public double? CpuMsPerNoopReconcile { get; set; }

    /// <summary>Two operators with leader election (the chart's Lease name, its ServiceAccount), the large set cached:
    /// the leader is killed with SIGKILL and one container's spec changed at once; seconds from the kill to the
    /// standby's first write other than its Lease.</summary>
    public double? FailoverSeconds { get; set; }

    /// <summary>From the kill until the Lease names the standby.</summary>
    public double? FailoverLeaseSeconds { get; set; }

    /// <summary>From the kill until the container changed at the kill is Ready at its new generation.</summary>
    public double? FailoverReadySeconds { get; set; }

    /// <summary>The Lease's leaseDurationSeconds as the leader wrote it: the failover goal is this + 2 s.</summary>
    public double? FailoverLeaseDurationSeconds { get; set; }

    /// <summary>From create to Ready, in the large convergence (the small one's are beside).</summary>
    public double? WritesPerContainer { get; set; }

    public double? ReconcilesPerContainer { get; set; }

    [JsonPropertyName("writes_per_container_1000")]
    public double? WritesPerContainer1000 { get; set; }

    [JsonPropertyName("reconciles_per_container_1000")]
    public double? ReconcilesPerContainer1000 { get; set; }

    /// <summary>Operator writes during one full periodic resync of the unchanged large set.</summary>
    public long? SteadyStateWrites { get; set; }

    public double? SteadyStateReconciles { get; set; }

    /// <summary>Operator writes during the restarted operator's first pass over the unchanged large set.</summary>
    public long? RestartPassWrites { get; set; }

    [JsonPropertyName("queue_wait_p99_ms")]
    public double? QueueWaitP99Ms { get; set; }

    [JsonPropertyName("reconcile_p99_ms")]
    public double? ReconcileP99Ms { get; set; }

    /// <summary>The spec-change rate reached, and how long after the last change every changed container was Ready again.</summary>
    public double? ChurnChangesPerSecond { get; set; }

    public double? ChurnSettleSeconds { get; set; }

    public double? RssMibIdle { get; set; }

    /// <summary>The operator's managed heap (its dotnet_total_memory_bytes) when RSS was read, idle and with the large set.</summary>
    public double? ManagedHeapMibIdle { get; set; }

    [JsonPropertyName("managed_heap_mib_10000")]
    public double? ManagedHeapMib10000 { get; set; }

    [JsonPropertyName("rss_mib_10000")]
    public double? RssMib10000 { get; set; }

    /// <summary>
    /// The operator's managed heap just after a full blocking GC induced from outside (<see cref="InducedGc"/>): the
    /// live objects, unlike <see cref="ManagedHeapMibIdle"/> and <see cref="ManagedHeapMib10000"/>, which include
    /// garbage not yet collected. Read after those, idle and with the large set, with VmRSS after the collection.
    /// </summary>
    public double? LiveHeapMibIdle { get; set; }

    public double? RssMibIdleAfterGc { get; set; }

    [JsonPropertyName("live_heap_mib_10000")]
    public double? LiveHeapMib10000 { get; set; }

    [JsonPropertyName("rss_mib_10000_after_gc")]
    public double? RssMib10000AfterGc { get; set; }

    /// <summary>The restarted operator after its full resync round of the large set: VmRSS and managed heap as read,
    /// then live heap and VmRSS after an induced full GC.</summary>
    public double? RssMibSteadyState { get; set; }

    public double? ManagedHeapMibSteadyState { get; set; }

    public double? LiveHeapMibSteadyState { get; set; }

    public double? RssMibSteadyStateAfterGc { get; set; }

    /// <summary>The figure: from process start to the first reconcile with the large set cached (the
    /// restart of the steady-state phase); the same value as <see cref="StartupToFirstReconcileMs10000"/>.</summary>
    public double? StartupToFirstReconcileMs => StartupToFirstReconcileMs10000;

    [JsonPropertyName("startup_to_first_reconcile_ms_10000")]
    public double? StartupToFirstReconcileMs10000 { get; set; }

    /// <summary>The first start, with one container in the cluster (before 2026-12 results.json called this
    /// startup_to_first_reconcile_ms).</summary>
    public double? StartupToFirstReconcileMsIdle { get; set; }

    /// <summary>Each headline figure with the goal and whether this run met it (<see cref="Goals"/>).</summary>
    public IReadOnlyList<GoalRow> Goals => KubeContainers.Benchmarks.Goals.Of(this);

    /// <summary>/proc/loadavg (1, 5 and 15 minutes) when the run started and ended: other work on the machine slows every figure.</summary>
    public string? LoadAverageAtStart { get; set; }

    public string? LoadAverageAtEnd { get; set; }

    /// <summary>The local cluster with the large set stored (null when that phase did not run).</summary>
    public ClusterResult? Cluster { get; set; }

    public List<PhaseResult> Phases { get; } = [];

    public List<string> Notes { get; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public async Task WriteAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, ToJson() + "\n");
    }
}
