using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Controller;

/// <summary>
/// Which keys a controller's workers may reconcile yet: the reconcile of a key reads caches, and a cache that has not
/// listed yet would show a child that exists as missing (the reconcile would create it again, and fail on it) or a
/// host claimed elsewhere as free. controller-runtime's controller waits in Start until every source it watches has
/// synced (WaitForCacheSync, CacheSyncTimeout), and a reconciler's reads of other kinds block on that kind's cache
/// until it has synced; client-go's shared informer reports HasSynced once its first list has been delivered.
/// We do what they do for every kind a reconciler may read anywhere: those must have listed completely. The kinds
/// the controller declares it reads only in the key's namespace (<see cref="ControllerBuilder.ReadsInKeyNamespaceOnly{T}"/>:
/// its children) need only have listed that namespace (<see cref="IInformer.IsSyncedFor"/>); a key of a namespace
/// not listed yet waits, parked by <see cref="RuntimeController"/>, and is added back when the lists pass it. What a
/// reconcile then reads of a child kind is as complete as a synced cache's, and as current as one whose watch lags
/// (a child created since the list shows up when the watch starts; creating it again meets AlreadyExists, which the
/// child sync reads live, as it does after any informer lag).
/// </summary>
internal sealed class SyncGate
{
    private readonly Lazy<(IInformer[] Whole, IInformer[] InKeyNamespace)> informers;
    private volatile bool open;

    /// <param name="all">Every informer of the registry, read when first asked (after the host has started them).</param>
    /// <param name="readsInKeyNamespace">The kinds the reconciler reads only in its key's namespace.</param>
    /// <param name="listsLater">Those of them that list after the others (all of them when null).</param>
    public SyncGate(Func<IReadOnlyCollection<IInformer>> all, IReadOnlySet<Type> readsInKeyNamespace, IReadOnlySet<Type>? listsLater = null)
    {
        ReadsInKeyNamespace = readsInKeyNamespace;
        ListsLater = listsLater ?? readsInKeyNamespace;
        informers = new(() =>
        {
            var list = all();
            return ([.. list.Where(i => !readsInKeyNamespace.Contains(i.ObjectType))], [.. list.Where(i => readsInKeyNamespace.Contains(i.ObjectType))]);
        });
    }

    public IReadOnlySet<Type> ReadsInKeyNamespace { get; }

    /// <summary>The kinds the registry starts listing once the others have listed (<see cref="InformerRegistry.RunAsync"/>).</summary>
    public IReadOnlySet<Type> ListsLater { get; }

    /// <summary>Every cache has listed completely: every key may be reconciled from now on.</summary>
    public bool IsOpen => open || (open = informers.Value.Whole.All(i => i.HasSynced) && informers.Value.InKeyNamespace.All(i => i.HasSynced));

    /// <summary>The kinds read anywhere have listed; those read in the key's namespace have listed it.</summary>
    public bool IsOpenFor(ObjectKey key) => IsOpen || (WholeSynced && informers.Value.InKeyNamespace.All(i => i.IsSyncedFor(key.Namespace)));

    /// <summary>The kinds read anywhere have listed completely.</summary>
    public bool WholeSynced => open || informers.Value.Whole.All(i => i.HasSynced);

    /// <summary>What the caches hold now, for the log of a controller's first reconcile: "Kind count (synced)".</summary>
    public string Describe() => string.Join(", ", informers.Value.Whole.Concat(informers.Value.InKeyNamespace)
        .Select(i => $"{i.ObjectType.Name} {i.Count}{(i.HasSynced ? "" : " (listing)")}"));

    /// <summary>Calls <paramref name="handler"/> whenever a cache's list has made progress.</summary>
    public void OnProgress(Action handler)
    {
        foreach (var informer in informers.Value.Whole.Concat(informers.Value.InKeyNamespace))
        {
            informer.Progressed += handler;
        }
    }
}
