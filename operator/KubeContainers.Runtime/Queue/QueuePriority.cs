namespace KubeContainers.Runtime.Queue;

/// <summary>
/// The priorities of keys in a <see cref="WorkQueue{TKey}"/>, after controller-runtime's priority queue
/// (pkg/controller/priorityqueue): a higher priority goes first, keys of one priority in the order they were first
/// added, and a key added twice keeps the higher of its priorities. controller-runtime gives the adds of a cache's
/// first list <see cref="Low"/> (handler.LowPriority) so that real changes overtake the start-up pass, and so do we:
/// every other event is <see cref="Normal"/>, and a requeue keeps the priority its key was handed out at.
/// <see cref="High"/> is the queue's (ahead of normal keys by <see cref="HighLead"/>, never strictly) and unused by
/// the controllers: edits ahead of children's wake-ups delayed every Ready under a stream of edits.
/// </summary>
internal static class QueuePriority
{
    /// <summary>Ahead of normal keys by <c>HighLead</c>; no controller uses it today.</summary>
    public const int High = 10;

    /// <summary>How far a high key goes ahead of normal ones: it is handed out before every normal key that became
    /// ready less than this before it. Strict priority let a stream of edits (100/s at 10,000 containers, on 4
    /// workers) hold back every child's wake-up, and so every container's Ready, until the edits stopped.</summary>
    public static readonly TimeSpan HighLead = TimeSpan.FromSeconds(2);

    /// <summary>A wake-up by a child or another watched kind; a retry after an error keeps the key's priority.</summary>
    public const int Normal = 0;

    /// <summary>A first list's adds and periodic re-checks (controller-runtime's LowPriority).</summary>
    public const int Low = -100;

    /// <summary>The metrics label of a priority: high, normal or low (anything between counts as normal).</summary>
    public static string Name(int priority) => priority >= High ? "high" : priority <= Low ? "low" : "normal";
}
