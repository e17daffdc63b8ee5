using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>One reconcile's working state: what was read, the status being computed, and what the steps did.</summary>
internal sealed class ReconcileState(V1Alpha1ManagedContainer observed, BuildInput input, ManagedContainerStatus status, DateTimeOffset now)
{
    public V1Alpha1ManagedContainer Observed { get; } = observed;

    public BuildInput Input { get; } = input;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The status this reconcile computes; written once at the end if it differs.</summary>
    public ManagedContainerStatus Status { get; } = status;

    public string Name => Observed.Metadata.Name;

    /// <summary>What the plan's rules see of the container now (set by the plan step); admitted when it fits.</summary>
    public PlanFootprint? Candidate { get; set; }

    /// <summary>Whether the plan admitted <see cref="Candidate"/>: the children were synced for it.</summary>
    public bool Admitted { get; set; }

    public string Namespace => Observed.Metadata.NamespaceProperty;

    public string Uid => Observed.Metadata.Uid;

    /// <summary>Kinds of the children created in this reconcile, for the Created event.</summary>
    public List<string> Created { get; } = [];

    /// <summary>Writes the API server refused in this reconcile: the status says why, then the reconcile fails so
    /// the runtime retries it with back-off.</summary>
    public List<string> Refused { get; } = [];

    /// <summary>Warning Events (reason, message) to record once the status that explains them is written.</summary>
    public List<(string Reason, string Message)> Warnings { get; } = [];

    /// <summary>The earliest time something must be looked at again without any watch event (expiry, a health
    /// check's grace period running out).</summary>
    public TimeSpan? RequeueAfter { get; private set; }

    public void RequeueWithin(TimeSpan delay)
    {
        var at = delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay;
        RequeueAfter = RequeueAfter is { } current && current < at ? current : at;
    }
}
