using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Queue;

namespace KubeContainers.Runtime.Controller;

/// <summary>Declares what a controller watches, apart from what it does: <c>For</c> the primary kind,
/// <c>Owns</c> children (mapped through their controller owner reference) and <c>Watches</c> anything else
/// (mapped by a function).</summary>
public sealed class ControllerBuilder
{
    private readonly List<Action<InformerRegistry, WorkQueue<ObjectKey>, IServiceProvider>> wirings = [];
    private KindDescriptor? primary;

    internal ControllerBuilder(string defaultName, int defaultWorkers)
    {
        Name = defaultName;
        Workers = defaultWorkers;
    }

    internal string Name { get; private set; }

    internal int Workers { get; private set; }

    internal IReadOnlyList<Action<InformerRegistry, WorkQueue<ObjectKey>, IServiceProvider>> Wirings => wirings;

    /// <summary>The primary kind: each of its events enqueues its own key.</summary>
    public ControllerBuilder For<T>(Func<ObjectEvent<T>, bool>? predicate = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (primary is not null)
        {
            throw new InvalidOperationException("A controller has exactly one For<T>().");
        }

        primary = KindDescriptor.For<T>();
        return Watches(o => [ObjectKey.From(o)], predicate);
    }

    /// <summary>Children whose controller owner reference points at the primary kind enqueue their owner.</summary>
    public ControllerBuilder Owns<TChild>(Func<ObjectEvent<TChild>, bool>? predicate = null)
        where TChild : class, IKubernetesObject<V1ObjectMeta>
    {
        var owner = primary ?? throw new InvalidOperationException("Call For<T>() before Owns<TChild>().");
        return Watches(child => (child.Metadata.OwnerReferences ?? [])
            .Where(r => r.Controller == true && r.Kind == owner.Kind && r.ApiVersion == owner.ApiVersion)
            .Select(r => new ObjectKey(owner.Namespaced ? child.Metadata.NamespaceProperty : null, r.Name)), predicate);
    }

    /// <summary>Any kind, mapped to the primary keys it affects.</summary>
    public ControllerBuilder Watches<T>(Func<T, IEnumerable<ObjectKey>> map, Func<ObjectEvent<T>, bool>? predicate = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        return Watches<T>((obj, _) => map(obj), predicate);
    }

    /// <summary>Any kind, mapped with the services at hand (e.g. a cache index: "which resources claim this host").
    /// The map runs on the informer's thread after the cache is updated, so it may read caches.</summary>
    public ControllerBuilder Watches<T>(Func<T, IServiceProvider, IEnumerable<ObjectKey>> map, Func<ObjectEvent<T>, bool>? predicate = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        wirings.Add((registry, queue, services) => registry.For<T>().Subscribe(e =>
        {
            if (predicate is not null && !predicate(e))
            {
                return;
            }

            foreach (var key in map(e.Object, services))
            {
                queue.Add(key);
            }

            // A change of owner or label moves the object: the previous mapping must hear of it too.
            if (e.Old is not null)
            {
                foreach (var key in map(e.Old, services))
                {
                    queue.Add(key);
                }
            }
        }));
        return this;
    }

    public ControllerBuilder WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        return this;
    }

    public ControllerBuilder WithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        Workers = workers;
        return this;
    }

    internal void Validate()
    {
        if (primary is null)
        {
            throw new InvalidOperationException($"Controller {Name} declares no For<T>().");
        }
    }
}
