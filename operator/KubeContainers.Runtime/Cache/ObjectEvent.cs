namespace KubeContainers.Runtime.Cache;

/// <summary>A change seen by an informer. <see cref="Old"/> is the cached object before a modification.
/// The objects belong to the cache: read them, never change them.</summary>
public sealed record ObjectEvent<T>(ObjectEventType Type, T Object, T? Old = null)
    where T : class
{
    /// <summary>Reported by the informer's first list (controller-runtime's IsInInitialList): the object is not
    /// new, the cache is. Its wake-ups go to the queue at low priority, behind real changes.</summary>
    public bool InInitialList { get; init; }
}
