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

    public Task RunAsync(CancellationToken ct)
    {
        List<IInformer> all;
        lock (gate)
        {
            started = true;
            all = [.. informers.Values];
        }

        return Task.WhenAll(all.Select(i => i.RunAsync(ct)));
    }

    /// <summary>Waits until every informer has listed once.</summary>
    public async Task WaitForSyncAsync(CancellationToken ct)
    {
        while (!HasSynced)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct).ConfigureAwait(false);
        }
    }
}
