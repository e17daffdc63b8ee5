namespace KubeContainers.Api;

/// <summary>
/// Every condition reason the API uses. The first group are the causes of <c>Ready=False</c>: the
/// condition that fails carries one, and <see cref="ManagedContainerConditionSet"/> lifts it onto Ready.
/// </summary>
public static class ConditionReasons
{
    /// <summary>The image cannot be pulled (wrong name or tag, private registry without imagePullSecrets); the
    /// message quotes the kubelet.</summary>
    public const string ImagePullFailed = "ImagePullFailed";

    /// <summary>No node can take a replica (resources, architecture, taints, the sandbox's node selector); the
    /// message quotes the scheduler.</summary>
    public const string Unschedulable = "Unschedulable";

    /// <summary>The message carries the exit code.</summary>
    public const string CrashLooping = "CrashLooping";

    /// <summary>The container ran out of memory and was killed (exit code 137); the message names the memory limit.</summary>
    public const string OOMKilled = "OOMKilled";

    /// <summary>The container runs but its health check has failed for longer than its grace; the message quotes
    /// the prober.</summary>
    public const string HealthCheckFailing = "HealthCheckFailing";

    /// <summary>The sandbox cannot run: its RuntimeClass is refused, or no node runs its handler
    /// (FailedCreatePodSandBox).</summary>
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

    /// <summary>Another ManagedContainer claimed the host name first; the message names it.</summary>
    public const string HostConflict = "HostConflict";

    /// <summary>A new version did not become ready within spec.rollout.progressDeadlineSeconds.</summary>
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    /// <summary>A new version missed its deadline and the last healthy image serves again
    /// (spec.rollout.autoRollback).</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>The spec breaks a rule only the operator can check (its limits, the namespace, the time); the
    /// message names the field and the rule. Nothing is created or changed.</summary>
    public const string InvalidSpec = "InvalidSpec";

    /// <summary>The container is over its plan: a per-container rule (when admission did not refuse it) or a
    /// namespace total. The message names the plan, the rule and the numbers. A new container gets no children and
    /// starts by itself when room is made; a running one keeps running its admitted version.</summary>
    public const string PlanExceeded = "PlanExceeded";

    /// <summary>The namespace's kubecontainers.io/plan label names a ContainerPlan that does not exist. Nothing is
    /// created or changed until it does.</summary>
    public const string PlanNotFound = "PlanNotFound";

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

    /// <summary>DeploymentAvailable is True.</summary>
    public const string Available = "Available";

    /// <summary>NetworkPolicyApplied is True.</summary>
    public const string Applied = "Applied";

    /// <summary>VolumesBound is True.</summary>
    public const string Bound = "Bound";

    /// <summary>JobComplete is True.</summary>
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
