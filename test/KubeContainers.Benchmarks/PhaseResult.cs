using System.Text.Json.Serialization;

namespace KubeContainers.Benchmarks;

/// <summary>What one phase of a run measured, for results.json: the figures behind the headline ones.</summary>
internal sealed class PhaseResult
{
    public required string Name { get; init; }

    public int Containers { get; set; }

    public double Seconds { get; set; }

    /// <summary>Writes the operator made in the phase, as the local cluster counted them.</summary>
    public long OperatorWrites { get; set; }

    /// <summary>Of those, the ones answered with an error (409 Conflict, 422...).</summary>
    public long OperatorWriteErrors { get; set; }

    /// <summary>Requests by "client verb resource" (reads included) of every client but the benchmark, as the local
    /// cluster counted them: the operator is <c>kubernetes-csharp</c> (its user agent); a kubectl run during the phase shows as <c>kubectl</c>.</summary>
    public SortedDictionary<string, long> OperatorRequests { get; set; } = new(StringComparer.Ordinal);

    public double Reconciles { get; set; }

    public IReadOnlyDictionary<string, double> ReconcilesByResult { get; set; } = new Dictionary<string, double>();

    [JsonPropertyName("reconcile_p50_ms")]
    public double? ReconcileP50Ms { get; set; }

    [JsonPropertyName("reconcile_p99_ms")]
    public double? ReconcileP99Ms { get; set; }

    [JsonPropertyName("queue_wait_p50_ms")]
    public double? QueueWaitP50Ms { get; set; }

    [JsonPropertyName("queue_wait_p99_ms")]
    public double? QueueWaitP99Ms { get; set; }

    /// <summary>From the start of the phase to each container's first Ready: median and 99th percentile.</summary>
    [JsonPropertyName("time_to_ready_p50_seconds")]
    public double? TimeToReadyP50Seconds { get; set; }

    [JsonPropertyName("time_to_ready_p99_seconds")]
    public double? TimeToReadyP99Seconds { get; set; }

    /// <summary>CPU seconds the operator used in the phase, and the benchmark process (the local cluster with its
    /// simulated controllers, and the benchmark's own client) beside it.</summary>
    public double OperatorCpuSeconds { get; set; }

    public double ClusterCpuSeconds { get; set; }

    /// <summary>Writes the local cluster stored in the phase (its revisions): the operator's, the simulated controllers'
    /// (ReplicaSets, pods, status, Endpoints, Events...) and the benchmark's own.</summary>
    public long StoreWrites { get; set; }

    public bool TimedOut { get; set; }
}
