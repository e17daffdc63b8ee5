using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>One reconcile's working state: what was read, the status being computed, and what the steps did.</summary>
internal sealed class ReconcileState(V1Alpha1ManagedContainer observed, BuildInput input, DateTimeOffset now)
{
    public V1Alpha1ManagedContainer Observed { get; } = observed;

    public BuildInput Input { get; } = input;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The status this reconcile computes; written once at the end if it differs.</summary>
    public ManagedContainerStatus Status => Input.Container.Status;

    public string Name => Observed.Metadata.Name;

    public string Namespace => Observed.Metadata.NamespaceProperty;

    public string Uid => Observed.Metadata.Uid;

    /// <summary>Kinds of the children created in this reconcile, for the Created event.</summary>
    public List<string> Created { get; } = [];

    /// <summary>A new pod template went out (image, configuration or restart), for the Deployed event.</summary>
    public bool Deployed { get; set; }

    /// <summary>The new template differs only because spec.restartedAt changed, for the Restarted event.</summary>
    public bool Restarted { get; set; }

    /// <summary>Why the workload must not be created or changed: a child that protects it (RuntimeClass,
    /// NetworkPolicy, claim) is not ours, so running pods would lose their sandbox, their network rules or their
    /// data. Null when nothing blocks.</summary>
    public string? WorkloadBlockedBy { get; set; }

    /// <summary>The reason the blocked workload's condition carries: NotOwned, or the refusal of the child that
    /// would protect it.</summary>
    public string WorkloadBlockedReason { get; set; } = ConditionReasons.NotOwned;

    /// <summary>The Service of our name is not ours: no Ingress may route public traffic to it.</summary>
    public bool ServiceNotOwned { get; set; }

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
