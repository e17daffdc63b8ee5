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

    /// <summary>Operator writes per second over the large convergence, and its ratio to the ceiling.</summary>
    public double? OperatorWritesPerSecond { get; set; }

    public double? OperatorWritesToCeilingRatio { get; set; }

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

    public double? StartupToFirstReconcileMs { get; set; }

    /// <summary>The same for the restart with the large set in the cluster (its caches fill first).</summary>
    [JsonPropertyName("startup_to_first_reconcile_ms_10000")]
    public double? StartupToFirstReconcileMs10000 { get; set; }

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
