namespace KubeContainers.Runtime.Controller;

/// <summary>What a successful reconcile asks of the queue: nothing more, or another look after a delay.</summary>
public sealed record ReconcileResult(TimeSpan? RequeueDelay)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult RequeueAfter(TimeSpan delay) => new(delay);
}
