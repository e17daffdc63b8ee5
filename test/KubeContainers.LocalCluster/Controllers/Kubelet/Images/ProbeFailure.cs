namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// A probe that did not succeed: failed (the prober's output), or errored (the runtime could not run it, e.g. an exec
/// of a command the image lacks), which pkg/kubelet/prober reports differently and whose result the worker throws
/// away: a readiness probe stays unready, a liveness or startup probe never kills.
/// </summary>
public sealed record ProbeFailure(string Output, bool Errored = false)
{
    /// <summary>The Unhealthy Event's message for a probe of <paramref name="kind"/> (Readiness, Liveness, Startup).</summary>
    public string EventMessage(string kind) => Errored
        ? $"{kind} probe errored and resulted in unknown state: {Output}"
        : $"{kind} probe failed: {Output}";
}
