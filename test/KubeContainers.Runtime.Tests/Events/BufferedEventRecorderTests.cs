using k8s;
using k8s.Models;
using KubeContainers.Runtime.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Events;

public sealed class BufferedEventRecorderTests
{
    private static readonly V1ConfigMap Web = new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "apps", Uid = "uid-web" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Recording_returns_before_the_Event_is_sent_and_the_Event_is_sent_in_the_background()
    {
        var inner = new GatedRecorder();
        await using var recorder = Buffered(inner);

        var recorded = recorder.RecordAsync(Web, EventTypes.Normal, "Deployed", "deploying v2", Ct);

        recorded.IsCompletedSuccessfully.ShouldBeTrue("the caller does not wait for the write");
        inner.Open();
        await Until(() => inner.Sent.Count == 1);
        inner.Sent.ShouldBe(["Normal Deployed: deploying v2"]);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var inner = new GatedRecorder();
        await using var recorder = Buffered(inner, capacity: 2);

        for (var i = 0; i < 6; i++)
        {
            await recorder.RecordAsync(Web, EventTypes.Normal, "Step", $"step {i}", Ct);
        }

        // One may be taken by the sender (blocked on the gate), two wait in the queue; the rest are dropped.
        recorder.Dropped.ShouldBeInRange(3, 4);
        inner.Open();
        await Until(() => recorder.Pending == 0);
        inner.Sent.Count.ShouldBe(6 - (int)recorder.Dropped);
    }

    [Fact]
    public async Task Disposing_sends_what_is_queued()
    {
        var inner = new GatedRecorder();
        inner.Open();
        var recorder = Buffered(inner);
        for (var i = 0; i < 20; i++)
        {
            await recorder.RecordAsync(Web, EventTypes.Normal, "Step", $"step {i}", Ct);
        }

        await recorder.DisposeAsync();

        inner.Sent.Count.ShouldBe(20);
    }

    [Fact]
    public async Task Disposing_gives_up_on_a_stuck_write_after_the_flush_timeout()
    {
        var inner = new GatedRecorder();
        var recorder = Buffered(inner, flushTimeout: TimeSpan.FromMilliseconds(200));
        await recorder.RecordAsync(Web, EventTypes.Normal, "Step", "never sent", Ct);

        await recorder.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        inner.Sent.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_arguments_are_refused_at_once()
    {
        await using var recorder = Buffered(new GatedRecorder());

        await Should.ThrowAsync<ArgumentException>(() => recorder.RecordAsync(Web, "Info", "Created", "created", Ct));
        await Should.ThrowAsync<ArgumentException>(() => recorder.RecordAsync(Web, EventTypes.Normal, "", "created", Ct));
    }

    private static BufferedEventRecorder Buffered(IEventRecorder inner, int capacity = 100, TimeSpan? flushTimeout = null) => new(
        inner,
        new BufferedEventRecorderOptions { Capacity = capacity, Senders = 1, FlushTimeout = flushTimeout ?? TimeSpan.FromSeconds(30) },
        TimeProvider.System,
        NullLogger<BufferedEventRecorder>.Instance);

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition never held");
            await Task.Delay(10, Ct);
        }
    }

    /// <summary>An inner recorder whose writes wait until <see cref="Open"/> (or cancellation).</summary>
    private sealed class GatedRecorder : IEventRecorder
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock sync = new();
        private readonly List<string> sent = [];

        public List<string> Sent
        {
            get
            {
                lock (sync)
                {
                    return [.. sent];
                }
            }
        }

        public void Open() => gate.TrySetResult();

        public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct)
        {
            await gate.Task.WaitAsync(ct);
            lock (sync)
            {
                sent.Add($"{type} {reason}: {message}");
            }
        }
    }
}
