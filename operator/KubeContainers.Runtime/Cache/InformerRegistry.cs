using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Cache;

/// <summary>One shared informer per kind, all started together, so controllers that watch the same kind share one
/// list, one watch and one cache.</summary>
internal sealed class InformerRegistry(IKubeClient client, InformerOptions defaults, TimeProvider time, ILoggerFactory loggers)
{
    private readonly Lock gate = new();
    private readonly Dictionary<Type, IInformer> informers = [];
    private bool started;

    public bool HasSynced
    {
        get
        {
            lock (gate)
            {
                return informers.Values.All(i => i.HasSynced);
            }
        }
    }

    /// <summary>The informer of a kind, created on first use. The label selector and the transform (applied to
    /// every listed or watched object before it is stored, see <c>ControllerRuntimeBuilder.AddCache</c>) apply only
    /// to the call that creates it, as does the field selector.</summary>
    public Informer<T> For<T>(string? labelSelector = null, Func<T, T?>? transform = null, string? fieldSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (gate)
        {
            if (informers.TryGetValue(typeof(T), out var existing))
            {
                return (Informer<T>)existing;
            }

            if (started)
            {
                throw new InvalidOperationException(
                    $"No cache for {typeof(T).Name}: declare it with For/Owns/Watches or AddCache<{typeof(T).Name}>() before the host starts.");
            }

            var informer = new Informer<T>(client, defaults with { LabelSelector = labelSelector ?? defaults.LabelSelector, FieldSelector = fieldSelector ?? defaults.FieldSelector }, time,
                loggers.CreateLogger($"KubeContainers.Runtime.Informer.{KindDescriptor.For<T>().Kind}"), transform);
            informers[typeof(T)] = informer;
            return informer;
        }
    }

    /// <summary>Every informer; complete once the host has started them.</summary>
    public IReadOnlyCollection<IInformer> All
    {
        get
        {
            lock (gate)
            {
                return [.. informers.Values];
            }
        }
    }

    /// <summary>Runs every informer. The kinds in <paramref name="later"/> (those controllers read only in their key's
    /// namespace: children) start listing once all the others have listed: on two cores, listing everything at once
    /// made the primary kind's list, which every first reconcile needs whole, finish with the last child list. The
    /// later kinds then list while the first keys are reconciled, each reconcile waiting only for its namespace.</summary>
    public Task RunAsync(CancellationToken ct, IReadOnlySet<Type>? later = null)
    {
        List<IInformer> all;
        lock (gate)
        {
            started = true;
            all = [.. informers.Values];
        }

        var first = all.Where(i => later?.Contains(i.ObjectType) != true).ToList();
        var second = all.Where(i => later?.Contains(i.ObjectType) == true).ToList();
        return Task.WhenAll(Task.WhenAll(first.Select(i => i.RunAsync(ct))), RunAfterAsync(first, second, ct));
    }

    /// <summary>Waits until every informer has listed once.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => WhenSyncedAsync(All, ct);

    private static async Task RunAfterAsync(IReadOnlyList<IInformer> first, IReadOnlyList<IInformer> second, CancellationToken ct)
    {
        if (second.Count == 0)
        {
            return;
        }

        try
        {
            await WhenSyncedAsync(first, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Task.WhenAll(second.Select(i => i.RunAsync(ct))).ConfigureAwait(false);
    }

    private static async Task WhenSyncedAsync(IReadOnlyCollection<IInformer> informers, CancellationToken ct)
    {
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (informers.All(i => i.HasSynced))
            {
                synced.TrySetResult();
            }
        }

        foreach (var informer in informers)
        {
            informer.Progressed += Check;
        }

        try
        {
            Check();
            await synced.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            foreach (var informer in informers)
            {
                informer.Progressed -= Check;
            }
        }
    }
}
