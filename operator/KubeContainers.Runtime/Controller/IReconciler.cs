using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Controller;

/// <summary>Level-based: given only a key, read the current state (from the cache) and drive the world towards it.
/// Throw <see cref="TerminalReconcileException"/> for errors a retry cannot fix; any other exception is retried with
/// per-key exponential backoff, forever.</summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct);
}
