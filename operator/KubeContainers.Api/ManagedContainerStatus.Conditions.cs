using System.Globalization;
using k8s;
using k8s.Models;

namespace KubeContainers.Api;

/// <summary>
/// The status verbs, in the Knative style: the reconciler says what it saw ("the Deployment is available", "the
/// Ingress is not ours") and <see cref="ManagedContainerConditionSet"/> keeps Ready, Reconciling and
/// <see cref="Message"/> consistent with it. Each verb takes the time instead of reading a clock; a condition's
/// transition time changes only when its status does. Reasons passed in should come from
/// <see cref="ConditionReasons"/>.
/// </summary>
public sealed partial class ManagedContainerStatus
{
    // The conditions as stored when this copy was taken (CopyForReconcile); null for a status built from nothing.
    private IReadOnlyList<V1Condition>? baseline;

    /// <summary>
    /// A deep copy to reconcile from: every field as stored, changed only by what this reconcile observes. The
    /// stored conditions are its baseline for transition times, so a condition that a reconcile changes and changes
    /// back (cleared at the start, found again by a later step) keeps its lastTransitionTime.
    /// </summary>
    public ManagedContainerStatus CopyForReconcile()
    {
        var copy = KubernetesJson.Deserialize<ManagedContainerStatus>(KubernetesJson.Serialize(this));
        copy.baseline = KubernetesJson.Deserialize<List<V1Condition>>(KubernetesJson.Serialize(Conditions ?? []));
        return copy;
    }

    /// <summary>The condition of that type, or null.</summary>
    public V1Condition? GetCondition(string conditionType) =>
        ManagedContainerConditionSet.Find(Conditions, conditionType);

    /// <summary>Ready=True: serving (or, for oneShot, completed) with every dependent condition True.</summary>
    public bool IsReady() => GetCondition(ConditionTypes.Ready)?.Status == ConditionStatuses.True;

    /// <summary>
    /// Adds every condition that is missing: dependents as Unknown (not reported yet), Stalled and Suspended as
    /// False. Existing conditions are left as they are.
    /// </summary>
    public void InitializeConditions(DateTimeOffset now)
    {
        foreach (var type in ManagedContainerConditionSet.Dependents)
        {
            if (GetCondition(type) is null)
            {
                SetWithoutDeriving(type, ConditionStatuses.Unknown, ConditionReasons.Initializing, $"waiting for {type}", now);
            }
        }

        if (GetCondition(ConditionTypes.Stalled) is null)
        {
            SetWithoutDeriving(ConditionTypes.Stalled, ConditionStatuses.False, ConditionReasons.NotStalled, string.Empty, now);
        }

        if (GetCondition(ConditionTypes.Suspended) is null)
        {
            SetWithoutDeriving(ConditionTypes.Suspended, ConditionStatuses.False, ConditionReasons.Active, string.Empty, now);
        }

        Derive(now);
    }

    /// <summary>
    /// The child behind this dependent condition does not exist for this spec (no Service without a port, no Job
    /// in persistent mode, no Ingress unless public, no claims without volumes): True with reason NotRequired.
    /// </summary>
    public void MarkNotRequired(string conditionType, DateTimeOffset now)
    {
        if (!ManagedContainerConditionSet.IsDependent(conditionType))
        {
            throw new ArgumentException($"{conditionType} is not a dependent condition", nameof(conditionType));
        }

        Set(conditionType, ConditionStatuses.True, ConditionReasons.NotRequired, string.Empty, now);
    }

    public void MarkDeploymentAvailable(DateTimeOffset now) =>
        Set(ConditionTypes.DeploymentAvailable, ConditionStatuses.True, ConditionReasons.Available, string.Empty, now);

    /// <summary>The Deployment is being created or rolled out: Unknown, so Ready is Unknown and Reconciling True.</summary>
    public void MarkDeploymentProgressing(string message, DateTimeOffset now) =>
        Set(ConditionTypes.DeploymentAvailable, ConditionStatuses.Unknown, ConditionReasons.Deploying, message, now);

    /// <summary>
    /// The workload cannot serve, with the real cause as reason (ImagePullFailed, Unschedulable, CrashLooping with
    /// the exit code in the message, OOMKilled, HealthCheckFailing, QuotaExceeded, NotOwned); Ready carries it.
    /// </summary>
    public void MarkDeploymentUnavailable(string reason, string message, DateTimeOffset now) =>
        Set(ConditionTypes.DeploymentAvailable, ConditionStatuses.False, reason, message, now);

    /// <summary>A new version did not become ready in time: the Deployment is unavailable and the object stalled.</summary>
    public void MarkProgressDeadlineExceeded(string message, DateTimeOffset now)
    {
        SetWithoutDeriving(
            ConditionTypes.DeploymentAvailable, ConditionStatuses.False, ConditionReasons.ProgressDeadlineExceeded, message, now);
        Set(ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.ProgressDeadlineExceeded, message, now);
    }

    /// <summary>
    /// A failed version was rolled back: the last healthy image serves again, but not the spec asked for, so the
    /// object is stalled (Ready=False, reason RolledBack) until the spec changes.
    /// </summary>
    public void MarkRolledBack(string failedImage, string restoredImage, string cause, DateTimeOffset now)
    {
        Image = restoredImage;
        Set(
            ConditionTypes.Stalled,
            ConditionStatuses.True,
            ConditionReasons.RolledBack,
            $"rolled back from {failedImage} to {restoredImage}: {cause}",
            now);
    }


    /// <summary>The oneShot Job is running: Unknown until it completes.</summary>
    public void MarkJobRunning(DateTimeOffset now) =>
        Set(ConditionTypes.JobComplete, ConditionStatuses.Unknown, ConditionReasons.JobRunning, "the Job is running", now);

    /// <summary>The Job runs but its pod cannot make progress (ImagePullFailed, Unschedulable...): not stalled, the cause
    /// may clear.</summary>
    public void MarkJobBlocked(string reason, string message, DateTimeOffset now) =>
        Set(ConditionTypes.JobComplete, ConditionStatuses.False, reason, message, now);

    public void MarkJobSucceeded(DateTimeOffset now) =>
        Set(ConditionTypes.JobComplete, ConditionStatuses.True, ConditionReasons.Completed, string.Empty, now);

    /// <summary>The oneShot Job failed for good (reason JobFailed, OOMKilled...; exit code in the message).</summary>
    public void MarkJobFailed(string reason, string message, DateTimeOffset now)
    {
        SetWithoutDeriving(ConditionTypes.JobComplete, ConditionStatuses.False, reason, message, now);
        Set(ConditionTypes.Stalled, ConditionStatuses.True, reason, message, now);
    }

    public void MarkServiceReady(DateTimeOffset now) =>
        Set(ConditionTypes.ServiceReady, ConditionStatuses.True, ConditionReasons.Ready, string.Empty, now);

    /// <summary>A Service of that name exists and is not ours; it is left alone.</summary>
    public void MarkServiceNotOwned(string serviceName, DateTimeOffset now) =>
        Set(ConditionTypes.ServiceReady, ConditionStatuses.False, ConditionReasons.NotOwned, NotOwnedMessage("Service", serviceName), now);

    public void MarkIngressReady(DateTimeOffset now) =>
        Set(ConditionTypes.IngressReady, ConditionStatuses.True, ConditionReasons.Ready, string.Empty, now);

    /// <summary>The Ingress exists and the operator is told its controller publishes no address
    /// (<c>--ingress-ready-without-address</c>): ready, saying so.</summary>
    public void MarkIngressReady(string message, DateTimeOffset now) =>
        Set(ConditionTypes.IngressReady, ConditionStatuses.True, ConditionReasons.Ready, message, now);

    /// <summary>The IngressClass the Ingress names does not exist: no controller will serve it.</summary>
    public void MarkIngressClassNotFound(string ingressClass, string ingressName, DateTimeOffset now) =>
        Set(
            ConditionTypes.IngressReady,
            ConditionStatuses.False,
            ConditionReasons.IngressClassNotFound,
            $"IngressClass {ingressClass} does not exist, so no ingress controller serves Ingress {ingressName}: install the controller " +
            "of that class, or configure the operator with the class of the cluster's controller (--ingress-class, chart value operator.ingressClass)",
            now);

    /// <summary>The Ingress exists but has no address yet.</summary>
    public void MarkIngressPending(string message, DateTimeOffset now) =>
        Set(ConditionTypes.IngressReady, ConditionStatuses.Unknown, ConditionReasons.Pending, message, now);

    /// <summary>No Ingress because the Service it would route to is not ours (publishing it would expose another
    /// workload).</summary>
    public void MarkIngressNotRouted(string message, DateTimeOffset now) =>
        Set(ConditionTypes.IngressReady, ConditionStatuses.False, ConditionReasons.NotOwned, message, now);

    /// <summary>The workload is not created or changed because a child protecting it is not ours (reason NotOwned
    /// on DeploymentAvailable or JobComplete) or could not be created (the refusal's reason).</summary>
    public void MarkWorkloadBlocked(bool oneShot, string message, DateTimeOffset now, string reason = ConditionReasons.NotOwned) =>
        Set(oneShot ? ConditionTypes.JobComplete : ConditionTypes.DeploymentAvailable, ConditionStatuses.False, reason, message, now);

    /// <summary>An Ingress of that name exists and is not ours; it is left alone.</summary>
    public void MarkIngressNotOwned(string ingressName, DateTimeOffset now) =>
        Set(ConditionTypes.IngressReady, ConditionStatuses.False, ConditionReasons.NotOwned, NotOwnedMessage("Ingress", ingressName), now);

    /// <summary>Another ManagedContainer claimed the host first and keeps it.</summary>
    public void MarkHostConflict(string host, DateTimeOffset now) =>
        Set(
            ConditionTypes.IngressReady,
            ConditionStatuses.False,
            ConditionReasons.HostConflict,
            $"spec.networking.host: {host} is already used by another ManagedContainer",
            now);

    public void MarkRuntimeClassAvailable(DateTimeOffset now) =>
        Set(ConditionTypes.RuntimeClassAvailable, ConditionStatuses.True, ConditionReasons.Available, string.Empty, now);

    /// <summary>The sandbox profile is unknown to the operator, or its RuntimeClass or handler is missing.</summary>
    public void MarkSandboxUnavailable(string sandbox, string message, DateTimeOffset now) =>
        Set(
            ConditionTypes.RuntimeClassAvailable,
            ConditionStatuses.False,
            ConditionReasons.SandboxUnavailable,
            $"sandbox {sandbox}: {message}",
            now);

    public void MarkNetworkPolicyApplied(DateTimeOffset now) =>
        Set(ConditionTypes.NetworkPolicyApplied, ConditionStatuses.True, ConditionReasons.Applied, string.Empty, now);

    /// <summary>A NetworkPolicy of that name exists and is not ours; it is left alone.</summary>
    public void MarkNetworkPolicyNotOwned(string networkPolicyName, DateTimeOffset now) =>
        Set(
            ConditionTypes.NetworkPolicyApplied,
            ConditionStatuses.False,
            ConditionReasons.NotOwned,
            NotOwnedMessage("NetworkPolicy", networkPolicyName),
            now);

    /// <summary>The API server refused the write of the child behind <paramref name="conditionType"/> (reason
    /// QuotaExceeded, AdmissionRefused, PodSecurityViolation or Forbidden; the message quotes the cause).</summary>
    public void MarkChildRefused(string conditionType, string reason, string message, DateTimeOffset now)
    {
        if (!ManagedContainerConditionSet.IsDependent(conditionType))
        {
            throw new ArgumentException($"{conditionType} is not a dependent condition", nameof(conditionType));
        }

        Set(conditionType, ConditionStatuses.False, reason, message, now);
    }

    public void MarkVolumesBound(DateTimeOffset now) => MarkVolumesBound(string.Empty, now);

    /// <summary>Every claim is bound; <paramref name="message"/> says what was kept as it is (a size that cannot grow).</summary>
    public void MarkVolumesBound(string message, DateTimeOffset now) =>
        Set(ConditionTypes.VolumesBound, ConditionStatuses.True, ConditionReasons.Bound, message, now);

    /// <summary>Claims exist but are not bound yet.</summary>
    public void MarkVolumesPending(string message, DateTimeOffset now) =>
        Set(ConditionTypes.VolumesBound, ConditionStatuses.Unknown, ConditionReasons.Pending, message, now);

    /// <summary>A claim cannot be bound or used (QuotaExceeded, NotOwned...).</summary>
    public void MarkVolumesNotBound(string reason, string message, DateTimeOffset now) =>
        Set(ConditionTypes.VolumesBound, ConditionStatuses.False, reason, message, now);

    /// <summary>
    /// The spec breaks a rule the schema cannot express (the message names the field and the rule, as the
    /// apiserver would); no child is created, so the object is stalled until the spec changes.
    /// </summary>
    public void MarkInvalidSpec(string message, DateTimeOffset now) =>
        Set(ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.InvalidSpec, message, now);

    /// <summary>Over the plan (a rule or a namespace total): nothing new is created or changed until there is room.</summary>
    public void MarkPlanExceeded(string message, DateTimeOffset now) =>
        Set(ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.PlanExceeded, message, now);

    /// <summary>The namespace names a plan that does not exist.</summary>
    public void MarkPlanNotFound(string message, DateTimeOffset now) =>
        Set(ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.PlanNotFound, message, now);

    /// <summary>Clears a terminal failure, e.g. after the spec changed.</summary>
    public void MarkNotStalled(DateTimeOffset now) =>
        Set(ConditionTypes.Stalled, ConditionStatuses.False, ConditionReasons.NotStalled, string.Empty, now);

    /// <summary><c>spec.stopped</c> is true: scaled to zero, configuration and volumes kept.</summary>
    public void MarkStopped(DateTimeOffset now) =>
        Set(
            ConditionTypes.Suspended,
            ConditionStatuses.True,
            ConditionReasons.Stopped,
            "stopped: spec.stopped is true; scaled to zero with configuration and volumes kept",
            now);

    /// <summary>The lifetime ran out and <c>onExpiry</c> is stop.</summary>
    public void MarkExpired(DateTimeOffset expiredAt, DateTimeOffset now) =>
        Set(
            ConditionTypes.Suspended,
            ConditionStatuses.True,
            ConditionReasons.Expired,
            "expired at " + expiredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                + " (spec.lifetime); scaled to zero with configuration and volumes kept",
            now);

    /// <summary>Neither stopped nor expired.</summary>
    public void MarkNotSuspended(DateTimeOffset now) =>
        Set(ConditionTypes.Suspended, ConditionStatuses.False, ConditionReasons.Active, string.Empty, now);

    /// <summary>Replica counts of the workload, and the "ready/replicas" text the Ready column shows.</summary>
    public void PropagateReplicas(int replicas, int readyReplicas)
    {
        Replicas = replicas;
        ReadyReplicas = readyReplicas;
        Ready = string.Create(CultureInfo.InvariantCulture, $"{readyReplicas}/{replicas}");
    }

    /// <summary>The workload of that name is not ours: nothing is known of replicas or pods.</summary>
    public void ForgetWorkload()
    {
        (Replicas, ReadyReplicas, Ready, Image, ExitCode, CompletedAt) = (null, null, null, null, null, null);
        if (Checks is { } checks)
        {
            (checks.ImagePulled, checks.Scheduled, checks.Running, checks.HealthCheckPassing) = (false, false, false, false);
        }
    }

    private static string NotOwnedMessage(string kind, string name) =>
        $"there is an existing {kind} {name} that this ManagedContainer does not own";

    private void Set(string conditionType, string status, string reason, string message, DateTimeOffset now)
    {
        SetWithoutDeriving(conditionType, status, reason, message, now);
        Derive(now);
    }

    /// <summary>For verbs that set two conditions: deriving once at the end keeps Ready's history clean.</summary>
    private void SetWithoutDeriving(string conditionType, string status, string reason, string message, DateTimeOffset now) =>
        ManagedContainerConditionSet.SetOne(Conditions ??= [], baseline, conditionType, status, reason, message, now);

    private void Derive(DateTimeOffset now)
    {
        var ready = ManagedContainerConditionSet.Derive(Conditions ??= [], baseline, now);
        Message = ready.Status == ConditionStatuses.True || ready.Message.Length == 0 ? null : ready.Message;
    }
}
