namespace KubeContainers.Api;

/// <summary>
/// Every condition reason the API uses. The first group are the causes API.md names for <c>Ready=False</c>: the
/// condition that fails carries one, and <see cref="ManagedContainerConditionSet"/> lifts it onto Ready.
/// </summary>
public static class ConditionReasons
{
    public const string ImagePullFailed = "ImagePullFailed";

    public const string Unschedulable = "Unschedulable";

    /// <summary>The message carries the exit code.</summary>
    public const string CrashLooping = "CrashLooping";

    public const string OOMKilled = "OOMKilled";

    public const string HealthCheckFailing = "HealthCheckFailing";

    public const string SandboxUnavailable = "SandboxUnavailable";

    /// <summary>A ResourceQuota refused a child (any kind) or the workload's pods; the message names the quota and
    /// the resource, with what was requested, used and limited.</summary>
    public const string QuotaExceeded = "QuotaExceeded";

    /// <summary>An admission webhook or policy (ValidatingAdmissionPolicy, Kyverno, Gatekeeper...) refused a child
    /// or the workload's pods; the message quotes the apiserver's.</summary>
    public const string AdmissionRefused = "AdmissionRefused";

    /// <summary>Pod Security admission refused the workload's pods: the message names the namespace's level and
    /// the rules the pod breaks.</summary>
    public const string PodSecurityViolation = "PodSecurityViolation";

    /// <summary>RBAC refused the operator a write (its ServiceAccount lacks a permission); the message quotes the
    /// apiserver's.</summary>
    public const string Forbidden = "Forbidden";

    /// <summary>The kubelet cannot mount or attach the pod's volumes (FailedMount, FailedAttachVolume).</summary>
    public const string VolumeMountFailed = "VolumeMountFailed";

    /// <summary>The IngressClass the operator is configured with (<c>--ingress-class</c>) does not exist: no
    /// controller will ever serve the Ingress.</summary>
    public const string IngressClassNotFound = "IngressClassNotFound";

    public const string HostConflict = "HostConflict";

    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    public const string RolledBack = "RolledBack";

    public const string InvalidSpec = "InvalidSpec";

    /// <summary>The kubelet cannot build the container's configuration: a Secret (secretEnv) or key is missing
    /// (CreateContainerConfigError). Clears by itself once the Secret exists.</summary>
    public const string ContainerConfigError = "ContainerConfigError";

    /// <summary>A oneShot Job ran out of retries; the message carries the exit code.</summary>
    public const string JobFailed = "JobFailed";

    /// <summary>A child of that name exists and is not owned by this ManagedContainer; it is left alone.</summary>
    public const string NotOwned = "NotOwned";

    /// <summary>
    /// The condition does not apply to this spec (no Service without a port, no Job in persistent mode...). Such
    /// conditions are True rather than absent, so Ready derives the same way for every spec and the condition
    /// list always has the same shape.
    /// </summary>
    public const string NotRequired = "NotRequired";

    /// <summary>A dependent condition nothing has reported on yet.</summary>
    public const string Initializing = "Initializing";

    /// <summary>A child is being created or rolled out.</summary>
    public const string Deploying = "Deploying";

    /// <summary>A child exists but is not ready yet (Ingress without address, claim not bound).</summary>
    public const string Pending = "Pending";

    /// <summary>A oneShot Job is running.</summary>
    public const string JobRunning = "JobRunning";

    public const string Available = "Available";

    public const string Applied = "Applied";

    public const string Bound = "Bound";

    public const string Completed = "Completed";

    /// <summary>Ready is True.</summary>
    public const string Ready = "Ready";

    /// <summary>Reconciling is False.</summary>
    public const string Reconciled = "Reconciled";

    /// <summary>Stalled is False.</summary>
    public const string NotStalled = "NotStalled";

    /// <summary>Suspended is True because <c>spec.stopped</c> is true.</summary>
    public const string Stopped = "Stopped";

    /// <summary>Suspended is True because the lifetime ran out.</summary>
    public const string Expired = "Expired";

    /// <summary>Suspended is False.</summary>
    public const string Active = "Active";
}
