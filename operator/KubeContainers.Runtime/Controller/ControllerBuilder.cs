using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Queue;
using KubeContainers.Runtime.Status;

namespace KubeContainers.Runtime.Controller;

/// <summary>Declares what a controller watches, apart from what it does: <c>For</c> the primary kind,
/// <c>Owns</c> children (mapped through their controller owner reference) and <c>Watches</c> anything else
/// (mapped by a function).</summary>
public sealed class ControllerBuilder
{
    private readonly List<Action<InformerRegistry, WorkQueue<ObjectKey>, IServiceProvider>> wirings = [];
    private KindDescriptor? primary;
    private Func<InformerRegistry, Func<ObjectKey, bool>>? primaryKnown;
    private readonly HashSet<Type> readsInKeyNamespace = [];
    private readonly HashSet<Type> listsFirst = [];

    internal ControllerBuilder(string defaultName, int defaultWorkers)
    {
        Name = defaultName;
        Workers = defaultWorkers;
    }

    internal string Name { get; private set; }

    internal int Workers { get; private set; }

    internal TimeSpan ChildDelay { get; private set; }

    internal TimeSpan ChildInterval { get; private set; }

    internal TimeSpan ChildMaxDelay { get; private set; }

    internal IReadOnlyList<Action<InformerRegistry, WorkQueue<ObjectKey>, IServiceProvider>> Wirings => wirings;

    /// <summary>The cached kinds the reconciler reads only in the namespace of the key it reconciles.</summary>
    internal IReadOnlySet<Type> ReadsInKeyNamespace => readsInKeyNamespace;

    /// <summary>The kinds read in the key's namespace that list after the kinds read whole.</summary>
    internal IReadOnlySet<Type> ListsLater => readsInKeyNamespace.Except(listsFirst).ToHashSet();

    /// <summary>The primary kind: each of its events enqueues its own key.</summary>
    public ControllerBuilder For<T>(Func<ObjectEvent<T>, bool>? predicate = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (primary is not null)
        {
            throw new InvalidOperationException("A controller has exactly one For<T>().");
        }

        primary = KindDescriptor.For<T>();
        primaryKnown = registry =>
        {
            var store = registry.For<T>().Store;
            return key => !store.HasSynced || store.Contains(key);
        };
        // Every event of the primary kind, whatever the predicate says, tells the status writer what the cache shows.
        wirings.Add((registry, _, services) =>
        {
            if (services.GetService(typeof(IStatusWriter)) is StatusWriter writer)
            {
                registry.For<T>().Subscribe(e => writer.Seen(e.Object.Metadata, e.Type == ObjectEventType.Deleted));
            }
        });
        return Wire<T>((o, _) => [ObjectKey.From(o)], predicate, immediate: true);
    }

    /// <summary>Children whose controller owner reference points at the primary kind enqueue their owner, after
    /// <see cref="WithChildDelay"/>.</summary>
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
    /// The map runs on the informer's thread after the cache is updated, so it may read caches. The keys are added
    /// after <see cref="WithChildDelay"/>.</summary>
    public ControllerBuilder Watches<T>(Func<T, IServiceProvider, IEnumerable<ObjectKey>> map, Func<ObjectEvent<T>, bool>? predicate = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(map);
        return Wire(map, predicate, immediate: false);
    }

    /// <summary>How long a wake-up by a watched kind other than the primary one (children, pods) waits before its
    /// reconcile. A rollout is a burst of such events (our own creates coming back, the ReplicaSet, every pod step,
    /// the Deployment's status): waiting a little folds them into one reconcile, since the queue keeps one due time per
    /// key. The primary object's own events (a user's edit) are never delayed. Zero reconciles at once.</summary>
    public ControllerBuilder WithChildDelay(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ChildDelay = delay;
        return this;
    }

    /// <summary>Declares that the reconciler reads objects of <typeparamref name="T"/> (a namespaced kind) only in the
    /// namespace of the key it reconciles, as it reads its children. Then a key may be reconciled as soon as the
    /// kind's first list has passed that namespace, before the list ends, and the kind is listed after the kinds
    /// read whole (the primary kind first): with 10,000 containers, ~60,000 children no longer stand between a
    /// restart and its first reconcile. Every kind not declared here must have listed completely first
    /// (<see cref="SyncGate"/>). Declaring a kind the reconciler reads across namespaces would let it act on a
    /// cache that misses objects: a child it then creates exists already.</summary>
    /// <param name="listFirst">List the kind with the kinds read whole instead of after them. For a kind whose list
    /// passes no namespace before it ends: one the server must scan whole to fill a page (a field selector that few
    /// objects match, such as Warning Events) comes as one page at the end, so every key waits for the whole scan
    /// anyway, and it is better made while the primary kind lists.</param>
    public ControllerBuilder ReadsInKeyNamespaceOnly<T>(bool listFirst = false)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (!KindDescriptor.For<T>().Namespaced)
        {
            throw new InvalidOperationException($"{typeof(T).Name} is cluster-scoped: it has no namespace to read it in.");
        }

        readsInKeyNamespace.Add(typeof(T));
        if (listFirst)
        {
            listsFirst.Add(typeof(T));
        }
        else
        {
            listsFirst.Remove(typeof(T));
        }

        return this;
    }

    /// <summary>The least time between the start of a key's reconcile and a wake-up of it by a watched kind other
    /// than the primary one (the delay of <see cref="WithChildDelay"/> still applies): a rollout's events, spread over
    /// seconds, then wake a container about once per interval rather than once per child delay, so idle workers do not
    /// turn each step of a rollout into a reconcile of its own. The primary object's own events are never held back.
    /// Zero (the default) for none.</summary>
    public ControllerBuilder WithChildInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        ChildInterval = interval;
        return this;
    }

    /// <summary>How long children's events that keep coming may hold back their wake-up, from the first of them:
    /// each event moves the wake-up to <see cref="WithChildDelay"/> after itself, up to this bound, so a rollout whose
    /// steps come less than the delay apart (however long it takes in all) wakes the key once, when it has gone quiet.
    /// Zero (the default) or less than the delay: the first event's delay stands, later ones fold into it.</summary>
    public ControllerBuilder WithChildMaxDelay(TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, TimeSpan.Zero);
        ChildMaxDelay = maxDelay;
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

    private ControllerBuilder Wire<T>(Func<T, IServiceProvider, IEnumerable<ObjectKey>> map, Func<ObjectEvent<T>, bool>? predicate, bool immediate)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        wirings.Add((registry, queue, services) =>
        {
            // Read when the controller is built, after every With... call.
            var delay = immediate ? TimeSpan.Zero : ChildDelay;
            // A child outliving its owner (the garbage collector deletes children after the owner, a namespace's
            // objects go one by one) maps to a key that is gone: its reconcile would only find nothing and return.
            var known = immediate ? null : primaryKnown?.Invoke(registry);
            registry.For<T>().Subscribe(e =>
            {
                if (predicate is not null && !predicate(e))
                {
                    return;
                }

                // The primary kind's own first list enqueues every key (its creations pass every predicate), and no
                // key is reconciled before the first lists of what it reads (SyncGate): what another kind's first
                // list would map to is queued already. Mapping it anyway cost a cache lookup per object at startup
                // (a container's other host claimants: an unpack each) for ~70,000 objects.
                if (e.InInitialList && !immediate)
                {
                    return;
                }

                // A first list's adds go behind real changes (controller-runtime's LowPriority). The primary object's
                // own changes and its children's wake-ups share one priority, as in controller-runtime: edits ahead of
                // wake-ups looked at each edit sooner but, under a stream of edits, left every rollout's last step
                // (and so every Ready) waiting; the full-scale churn took 64 s from a change to Ready against 22 s.
                var priority = e.InInitialList ? QueuePriority.Low : QueuePriority.Normal;
                foreach (var key in map(e.Object, services))
                {
                    Enqueue(queue, key, delay, known, priority);
                }

                // A change of owner or label moves the object: the previous mapping must hear of it too.
                if (e.Old is not null)
                {
                    foreach (var key in map(e.Old, services))
                    {
                        Enqueue(queue, key, delay, known, priority);
                    }
                }
            });
        });
        return this;
    }

    private static void Enqueue(WorkQueue<ObjectKey> queue, ObjectKey key, TimeSpan delay, Func<ObjectKey, bool>? known, int priority)
    {
        if (known is not null && !known(key))
        {
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            queue.AddCoalesced(key, delay, priority);
        }
        else
        {
            queue.Add(key, priority);
        }
    }

    internal void Validate()
    {
        if (primary is null)
        {
            throw new InvalidOperationException($"Controller {Name} declares no For<T>().");
        }
    }
}
