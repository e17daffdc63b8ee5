namespace KubeContainers.Api;

/// <summary>The condition types of <c>status.conditions</c>; see <see cref="ManagedContainerConditionSet"/>.</summary>
public static class ConditionTypes
{
    /// <summary>Serving (or, for oneShot, completed) with every dependent condition True. Derived, never set.</summary>
    public const string Ready = "Ready";

    /// <summary>True while the operator is still converging (Ready is Unknown). Derived, never set.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>True on a terminal failure: invalid spec, deadline passed, rolled back, Job failed.</summary>
    public const string Stalled = "Stalled";

    /// <summary>True when stopped or expired.</summary>
    public const string Suspended = "Suspended";

    /// <summary>The Deployment has its replicas available (persistent mode).</summary>
    public const string DeploymentAvailable = "DeploymentAvailable";

    /// <summary>The Job completed (oneShot mode); the Job's counterpart of <see cref="DeploymentAvailable"/>.</summary>
    public const string JobComplete = "JobComplete";

    /// <summary>The Service exists (needs a port).</summary>
    public const string ServiceReady = "ServiceReady";

    /// <summary>The Ingress exists and has an address (public ingress only).</summary>
    public const string IngressReady = "IngressReady";

    /// <summary>The RuntimeClass of the sandbox exists.</summary>
    public const string RuntimeClassAvailable = "RuntimeClassAvailable";

    /// <summary>The NetworkPolicy is in place.</summary>
    public const string NetworkPolicyApplied = "NetworkPolicyApplied";

    /// <summary>Every PersistentVolumeClaim is bound.</summary>
    public const string VolumesBound = "VolumesBound";
}
