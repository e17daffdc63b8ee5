using System.Diagnostics;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.Benchmarks;

/// <summary>
/// Waits until the local cluster has settled: no object stored for <see cref="Window"/> and the benchmark process
/// (the cluster, its simulated controllers, the trackers) using less than <see cref="MaxCores"/> of a core over that
/// window, so the controllers are not still working through a backlog that writes nothing yet. A churn's changes then
/// meet a cluster that is doing nothing else, whoever sends them (the operator or a plain client): without it the
/// direct baseline started while the controllers were still finishing the 10,000 recreated children, and its median
/// moved between 0.07 and 6.4 s across runs.
/// </summary>
internal static class ClusterQuiet
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public const double MaxCores = 0.25;

    /// <summary>The most a churn waits for the cluster to settle before it starts.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>Waits for the quiet window, at most <see cref="Deadline"/>; what it saw meanwhile.</summary>
    public static async Task<Outcome> WaitAsync(ObjectStore store, CancellationToken ct)
    {
        using var changes = store.Subscribe((IReadOnlyCollection<string>?)null, store.Revision);
        var writes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        var windowStart = started;
        var revision = store.Revision;
        var cpuAtWindowStart = MachineInfo.ClusterCpu();
        while (true)
        {
            await Task.Delay(50, ct);
            while (changes.Events.TryRead(out var change))
            {
                writes[change.StorageKey] = writes.GetValueOrDefault(change.StorageKey) + 1;
            }

            var now = Stopwatch.GetTimestamp();
            var waited = Stopwatch.GetElapsedTime(started, now);
            if (store.Revision != revision)
            {
                revision = store.Revision;
                windowStart = now;
                cpuAtWindowStart = MachineInfo.ClusterCpu();
            }
            else if (Stopwatch.GetElapsedTime(windowStart, now) is var quiet && quiet >= Window)
            {
                var cores = (MachineInfo.ClusterCpu() - cpuAtWindowStart).TotalSeconds / quiet.TotalSeconds;
                if (cores < MaxCores)
                {
                    return new Outcome(true, waited.TotalSeconds, writes);
                }

                // Busy without writing: start a new window.
                windowStart = now;
                cpuAtWindowStart = MachineInfo.ClusterCpu();
            }

            if (waited >= Deadline)
            {
                return new Outcome(false, waited.TotalSeconds, writes);
            }
        }
    }

    /// <param name="Quiet">False: the deadline passed first.</param>
    /// <param name="Seconds">How long the wait took (including the quiet window itself).</param>
    /// <param name="Writes">Objects stored meanwhile, by resource.</param>
    public sealed record Outcome(bool Quiet, double Seconds, IReadOnlyDictionary<string, long> Writes)
    {
        public string Describe() =>
            $"{(Quiet ? "quiet" : "NOT quiet")} after {Seconds:0.0} s; stored meanwhile: " +
            (Writes.Count == 0 ? "nothing" : string.Join(", ", Writes.OrderByDescending(w => w.Value).Select(w => $"{w.Key} {w.Value}")));
    }
}
