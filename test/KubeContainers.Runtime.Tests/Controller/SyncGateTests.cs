using System.Collections.Concurrent;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Controller;

/// <summary>Workers never reconcile a key before the caches its reconcile reads have listed it, and reconcile it
/// once when they have.</summary>
public sealed class SyncGateTests : IDisposable
{
    private readonly FakeInformer primary = new(typeof(V1ConfigMap));
    private readonly FakeInformer child = new(typeof(V1Secret));
    private readonly WorkQueue<ObjectKey> queue = new("gate-test", TimeProvider.System);
    private readonly ConcurrentQueue<ObjectKey> reconciled = new();

    public void Dispose() => queue.Dispose();

    [Fact]
    public async Task No_key_is_reconciled_before_the_kinds_read_whole_have_synced()
    {
        child.List("a");
        var (controller, stop, workers) = Start();
        queue.Add(new ObjectKey("a", "x"));

        await Eventually.Until(() => controller.ParkedCount == 1, "the worker parks the key", TimeSpan.FromSeconds(20));
        reconciled.ShouldBeEmpty();

        primary.Synced = true;
        primary.Progress();
        await Eventually.Until(() => reconciled.Count == 1, "the key is reconciled", TimeSpan.FromSeconds(20));

        await StopAsync(stop, workers);
        reconciled.ShouldBe([new ObjectKey("a", "x")]);
    }

    [Fact]
    public async Task A_key_waits_for_its_namespace_of_a_child_kind_and_is_reconciled_once_when_it_is_listed()
    {
        primary.Synced = true;
        child.List("a");
        var (controller, stop, workers) = Start();
        queue.Add(new ObjectKey("b", "y"), QueuePriority.Low);
        queue.Add(new ObjectKey("a", "x"), QueuePriority.Low);

        await Eventually.Until(() => reconciled.Count == 1 && controller.ParkedCount == 1, "a/x runs, b/y waits", TimeSpan.FromSeconds(20));
        reconciled.ShouldBe([new ObjectKey("a", "x")]);

        // Added again while it waits (a child event): still one reconcile once its namespace is listed.
        queue.Add(new ObjectKey("b", "y"));
        child.List("b");
        child.Progress();
        await Eventually.Until(() => reconciled.Count == 2, "b/y is reconciled", TimeSpan.FromSeconds(20));

        await StopAsync(stop, workers);
        reconciled.ShouldBe([new ObjectKey("a", "x"), new ObjectKey("b", "y")]);
        controller.ParkedCount.ShouldBe(0);
    }

    [Fact]
    public void The_gate_opens_for_every_key_once_every_cache_has_synced()
    {
        var gate = new SyncGate(() => [primary, child], new HashSet<Type> { typeof(V1Secret) });
        primary.Synced = true;

        gate.IsOpenFor(new ObjectKey("a", "x")).ShouldBeFalse();
        gate.IsOpen.ShouldBeFalse();

        child.Synced = true;

        gate.IsOpen.ShouldBeTrue();
        gate.IsOpenFor(new ObjectKey("z", "x")).ShouldBeTrue();
    }

    private (RuntimeController Controller, CancellationTokenSource Stop, Task Workers) Start()
    {
        var gate = new SyncGate(() => [primary, child], new HashSet<Type> { typeof(V1Secret) });
        var controller = new RuntimeController("gate-test", workers: 2, queue, (key, _) =>
        {
            reconciled.Enqueue(key);
            return Task.FromResult(ReconcileResult.Done);
        }, TimeProvider.System, NullLogger.Instance, gate);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        return (controller, stop, controller.RunWorkersAsync(stop.Token));
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task workers)
    {
        await stop.CancelAsync();
        await workers;
        stop.Dispose();
    }

    private sealed class FakeInformer(Type type) : IInformer
    {
        public event Action? Progressed;

        private HashSet<string> Listed { get; } = [];

        /// <summary>The namespace has listed (workers read the set meanwhile: under its lock).</summary>
        public void List(string @namespace)
        {
            lock (Listed)
            {
                Listed.Add(@namespace);
            }
        }

        public bool Synced { get; set; }

        public Type ObjectType => type;

        public bool HasSynced => Synced;

        public int Count => 0;

        public bool IsSyncedFor(string? @namespace)
        {
            lock (Listed)
            {
                return Synced || (@namespace is not null && Listed.Contains(@namespace));
            }
        }

        public void Progress() => Progressed?.Invoke();

        public Task RunAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
