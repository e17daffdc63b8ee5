namespace KubeContainers.Runtime.Finalizers;

/// <summary>What the finalizer helper did, and so what the reconciler does next.</summary>
public enum FinalizerOutcome
{
    /// <summary>The object is live and carries the finalizer: reconcile as usual.</summary>
    Present,

    /// <summary>The finalizer was just added: return; the resulting update brings the object back.</summary>
    Added,

    /// <summary>The object is being deleted: cleanup ran and the finalizer is gone. Return.</summary>
    Removed,

    /// <summary>The object is being deleted and does not carry the finalizer: nothing to do. Return.</summary>
    NotPresent,
}
