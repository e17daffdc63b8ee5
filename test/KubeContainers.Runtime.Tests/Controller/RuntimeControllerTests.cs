using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Controller;

public sealed class RuntimeControllerTests : IDisposable
{
    private static readonly ObjectKey Key = new("ns", "a");
    private readonly FakeTimeProvider time = new();
    private readonly WorkQueue<ObjectKey> queue;

    public RuntimeControllerTests() => queue = new WorkQueue<ObjectKey>("test", time);

    public void Dispose() => queue.Dispose();

    [Fact]
    public async Task Success_forgets_the_backoff_and_does_not_requeue()
    {
        queue.AddRateLimited(Key);
        queue.AddRateLimited(Key);

        await Run(_ => Task.FromResult(ReconcileResult.Done));

        queue.NumRequeues(Key).ShouldBe(0);
        time.Advance(TimeSpan.FromHours(1));
        queue.Length.ShouldBe(1, "only the earlier rate-limited add, nothing from the success");
    }

    [Fact]
    public async Task RequeueAfter_adds_the_key_after_the_delay()
    {
        await Run(_ => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1))));

        time.Advance(TimeSpan.FromSeconds(59));
        queue.Length.ShouldBe(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Length.ShouldBe(1);
    }

    [Fact]
    public async Task An_error_requeues_with_growing_backoff()
    {
        await Run(_ => throw new HttpRequestException("boom"));
        await Run(_ => throw new HttpRequestException("boom"));

        queue.NumRequeues(Key).ShouldBe(2);
        time.Advance(TimeSpan.FromMilliseconds(10));
        queue.Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_terminal_error_is_not_retried()
    {
        await Run(_ => throw new TerminalReconcileException("invalid spec"));

        time.Advance(TimeSpan.FromHours(1));
        queue.Length.ShouldBe(0);
        queue.NumRequeues(Key).ShouldBe(0);
    }

    [Fact]
    public async Task Workers_process_queued_keys_and_never_one_key_twice_at_once()
    {
        var running = 0;
        var maxRunning = 0;
        var calls = 0;
        var controller = new RuntimeController(
            "test", workers: 4, queue, async (_, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                await Task.Delay(20, ct);
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref calls);
                return ReconcileResult.Done;
            }, TimeProvider.System, NullLogger.Instance);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var workers = controller.RunWorkersAsync(cts.Token);

        for (var i = 0; i < 20; i++)
        {
            queue.Add(Key);
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref running) > 0 || queue.Length > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await cts.CancelAsync();
        await workers;
        maxRunning.ShouldBe(1);
        calls.ShouldBeGreaterThan(0);
        calls.ShouldBeLessThan(20, "adds during processing collapse");
    }

    private async Task Run(Func<CancellationToken, Task<ReconcileResult>> reconcile)
    {
        var controller = new RuntimeController("test", 1, queue, (_, ct) => reconcile(ct), time, NullLogger.Instance);
        await controller.ProcessAsync(Key, TestContext.Current.CancellationToken);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
