using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Events;

/// <summary>
/// Sends Events in the background, as client-go's broadcaster does: <see cref="RecordAsync"/> only queues, so a
/// reconcile worker never waits for an Event write. The queue is bounded; when it is full the Event is dropped,
/// counted (<c>kubecontainers_events_dropped_total</c>) and logged: an Event is advisory, the status tells the truth.
/// Disposing stops taking Events and sends what is queued, for at most <see cref="BufferedEventRecorderOptions.FlushTimeout"/>.
/// </summary>
internal sealed class BufferedEventRecorder : IEventRecorder, IAsyncDisposable, IDisposable
{
    private readonly IEventRecorder inner;
    private readonly BufferedEventRecorderOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<Queued> queue;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task senders;
    private long dropped;
    private int inFlight;
    private int disposed;

    public BufferedEventRecorder(IEventRecorder inner, BufferedEventRecorderOptions options, TimeProvider time, ILogger<BufferedEventRecorder> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Senders, 1);
        this.inner = inner;
        this.options = options;
        this.time = time;
        this.logger = logger;
        queue = Channel.CreateBounded<Queued>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // with TryWrite: refuses instead of waiting, so the drop is ours to count
            SingleReader = options.Senders == 1,
        });
        senders = Task.WhenAll(Enumerable.Range(0, options.Senders).Select(_ => Task.Run(SendAsync)));
    }

    /// <summary>Events dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Queued or being sent.</summary>
    public int Pending => queue.Reader.Count + Volatile.Read(ref inFlight);

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct)
    {
        EventRecorder.Validate(regarding, type, reason, message);
        ct.ThrowIfCancellationRequested();
        if (!queue.Writer.TryWrite(new Queued(regarding, type, reason, message)))
        {
            var total = Interlocked.Increment(ref dropped);
            EventMetrics.Dropped.Inc();
            // The first drop and then one in a hundred: a full queue means many drops in a row.
            if (total == 1 || total % 100 == 0)
            {
                logger.LogWarning("Event queue full ({Capacity}): dropped {Type} {Reason} about {Namespace}/{Name} ({Total} dropped so far)",
                    options.Capacity, type, reason, regarding.Metadata.NamespaceProperty, regarding.Metadata.Name, total);
            }
        }

        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        queue.Writer.TryComplete();
        var deadline = Task.Delay(options.FlushTimeout, time);
        if (await Task.WhenAny(senders, deadline).ConfigureAwait(false) != senders)
        {
            logger.LogWarning("Shutting down with {Count} Events not sent after {Timeout}", Pending, options.FlushTimeout);
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        await senders.ConfigureAwait(false);
        stopping.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task SendAsync()
    {
        try
        {
            await foreach (var e in queue.Reader.ReadAllAsync(stopping.Token).ConfigureAwait(false))
            {
                Interlocked.Increment(ref inFlight);
                try
                {
                    // The inner recorder is best effort: it logs and swallows failures, only cancellation comes out.
                    await inner.RecordAsync(e.Regarding, e.Type, e.Reason, e.Message, stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogDebug(ex, "Dropped event {Type} {Reason}", e.Type, e.Reason);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Flush deadline passed: what is left is dropped.
        }
    }

    private sealed record Queued(IKubernetesObject<V1ObjectMeta> Regarding, string Type, string Reason, string Message);
}
