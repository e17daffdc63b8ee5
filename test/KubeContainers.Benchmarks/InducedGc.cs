using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace KubeContainers.Benchmarks;

/// <summary>
/// The operator's LIVE managed heap, and its RSS once that heap is collected. The operator's
/// <c>dotnet_total_memory_bytes</c> is <c>GC.GetTotalMemory(false)</c>: everything allocated since the last
/// collection counts, garbage included, so it says as much about when the GC last ran as about what the operator
/// keeps. To read what it keeps, this makes the operator process do a full blocking GC from outside, the way
/// <c>dotnet-gcdump</c> does: an EventPipe session (over the runtime's diagnostic port) on the
/// Microsoft-Windows-DotNETRuntime provider with the GCHeapCollect keyword makes the runtime induce a full blocking
/// collection when the session starts. The session's stream is drained on a background task; the collection is seen
/// as the operator's <c>dotnet_collection_count_total{generation="2"}</c> growing (30 s at most); then the session is
/// stopped and the heap (now the live objects plus whatever was allocated since) is read from /metrics and the RSS
/// from /proc. The operator itself is unchanged: no endpoint or flag of its own triggers this.
/// </summary>
internal static class InducedGc
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;
    private const string CollectionCount = "dotnet_collection_count_total";
    private const string TotalMemory = "dotnet_total_memory_bytes";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>What was read after the induced collection: managed heap and VmRSS in MiB, and how long it took.</summary>
    public sealed record Result(double LiveHeapMib, double RssMib, double Seconds);

    /// <summary>Induces a full blocking GC in <paramref name="process"/> and reads its heap and RSS after it;
    /// throws when the collection is not seen within 30 s or the diagnostic port does not answer.</summary>
    public static async Task<Result> CollectAsync(OperatorProcess process, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var gen2Before = (await process.ScrapeAsync(ct)).Sum(CollectionCount, ("generation", "2"));
        var client = new DiagnosticsClient(process.Id);
        EventPipeProvider[] providers =
        [
            new(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword),
        ];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Deadline);
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: false, circularBufferMB: 1, timeout.Token);
        // The runtime writes the session's events to this stream until the session stops: read them all, keep none.
        var drain = Task.Run(() => session.EventStream.CopyToAsync(Stream.Null, CancellationToken.None), CancellationToken.None);
        try
        {
            while (true)
            {
                timeout.Token.ThrowIfCancellationRequested();
                if ((await process.ScrapeAsync(timeout.Token)).Sum(CollectionCount, ("generation", "2")) > gen2Before)
                {
                    break;
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no full GC of the operator within {Deadline.TotalSeconds} s of the GCHeapCollect session");
        }
        finally
        {
            await StopAsync(session, drain);
        }

        var heap = (await process.ScrapeAsync(ct)).Sum(TotalMemory);
        return new Result(
            Math.Round(heap / 1024 / 1024, 1),
            Math.Round(process.RssMib(), 1),
            Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2));
    }

    private static async Task StopAsync(EventPipeSession session, Task drain)
    {
        using var stop = new CancellationTokenSource(Deadline);
        try
        {
            await session.StopAsync(stop.Token);
        }
        catch (Exception e) when (e is ServerNotAvailableException or EndOfStreamException or IOException or OperationCanceledException)
        {
            // The operator exited, or the session is gone already: nothing left to stop.
        }

        // Stopping ends the stream; a drain that failed (the process gone) is no reason to lose the figures.
        await drain.WaitAsync(Deadline).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
