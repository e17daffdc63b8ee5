using KubeContainers.Api;
using KubeContainers.Runtime.Cache;
using Prometheus;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// The domain's series, read off the ManagedContainer watch events (what the status says, not what the reconciler
/// meant to do): containers by namespace and phase, those not Ready by the reason their status gives, the time from a
/// spec change to Ready, rollbacks, expiries, and the API server's refusals of child writes by reason. Labelled by namespace, phase and reason only, never by
/// container: the series grow with namespaces, not with containers.
/// <para>
/// Transitions are counted from the event's old and new object, so a state the container was already in when the
/// operator started is not counted again. The clock to Ready starts when the operator first sees a generation (its
/// watch event, or its start for a container already changed), not when the user wrote it.
/// </para>
/// </summary>
public sealed class ManagedContainerMetrics
{
    /// <summary>From a half-second to twenty minutes: an image already on the node up to a slow pull and a rollout.</summary>
    private static readonly double[] ReadyBuckets = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200];

    /// <summary>The reasons a child write is refused with (Refusals.Classify, or Forbidden/AdmissionRefused).</summary>
    private static readonly string[] RefusalReasons =
    [
        ConditionReasons.QuotaExceeded, ConditionReasons.PodSecurityViolation, ConditionReasons.AdmissionRefused,
        ConditionReasons.Forbidden, ConditionReasons.SandboxUnavailable,
    ];

    private readonly TimeProvider time;
    private readonly HashSet<string> namespaces = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> notReadySince = new(StringComparer.Ordinal);
    private readonly CountByLabels phases;
    private readonly NotReadyGauges notReady;
    private readonly Histogram timeToReady;
    private readonly Counter rollbacks;
    private readonly Counter expiries;
    private readonly Counter refusals;

    public ManagedContainerMetrics(TimeProvider time, CollectorRegistry registry)
    {
        this.time = time;
        var factory = Metrics.WithCustomRegistry(registry);
        phases = new(factory.CreateGauge("kubecontainers_containers", "ManagedContainers by namespace and status.phase.", "namespace", "phase"));
        notReady = new(factory);
        timeToReady = factory.CreateHistogram("kubecontainers_time_to_ready_seconds",
            "Seconds from the operator seeing a new spec generation to Ready=True at that generation.",
            new HistogramConfiguration { Buckets = ReadyBuckets });
        rollbacks = factory.CreateCounter("kubecontainers_rollbacks_total", "Rollouts rolled back to the last good version (Ready reason RolledBack), by namespace.", "namespace");
        expiries = factory.CreateCounter("kubecontainers_expiries_total", "Containers stopped because spec.lifetime ran out (Suspended reason Expired), by namespace.", "namespace");
        refusals = factory.CreateCounter("kubecontainers_refusals_total", "Child writes the API server refused, by namespace and reason (every refused write, retries included).", "namespace", "reason");
    }

    /// <summary>A ManagedContainer's watch event. Always false: it feeds the metrics and wakes nothing.</summary>
    public bool Record(ObjectEvent<V1Alpha1ManagedContainer> e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var mc = e.Object;
        if (mc.Metadata.Uid is not { } uid)
        {
            return false;
        }

        var ns = mc.Metadata.NamespaceProperty ?? "";
        lock (gate)
        {
            if (namespaces.Add(ns))
            {
                StartAtZero(ns);
            }

            // A relist may report a container deleted and created again while the watch was down as one change: the
            // old uid leaves every count.
            if (e.Old?.Metadata.Uid is { } oldUid && oldUid != uid)
            {
                Forget(oldUid, ns);
            }

            if (e.Type == ObjectEventType.Deleted)
            {
                Forget(uid, ns);
                return false;
            }

            phases.Set(uid, [ns, mc.Status?.Phase ?? ManagedContainerPhases.Pending]);
            notReady.Set(uid, ns, NotReadyReason(mc), NotReadySince(mc));
            TimeToReady(uid, mc);
        }

        if (e.Old?.Status is { } before && mc.Status is { } after)
        {
            if (Became(before, after, ConditionTypes.Ready, ConditionReasons.RolledBack))
            {
                rollbacks.WithLabels(ns).Inc();
            }

            if (Became(before, after, ConditionTypes.Suspended, ConditionReasons.Expired))
            {
                expiries.WithLabels(ns).Inc();
            }
        }

        return false;
    }

    /// <summary>The API server refused a child's write for <paramref name="reason"/> (a condition reason).</summary>
    public void Refused(string @namespace, string reason) => refusals.WithLabels(@namespace, reason).Inc();

    /// <summary>A namespace's counters exist at 0 from its first container on, as controller-runtime exports its
    /// own: increase() and alerts then see a 0, not nothing, before the first rollback.</summary>
    private void StartAtZero(string ns)
    {
        rollbacks.WithLabels(ns).IncTo(0);
        expiries.WithLabels(ns).IncTo(0);
        foreach (var reason in RefusalReasons)
        {
            refusals.WithLabels(ns, reason).IncTo(0);
        }
    }

    // Caller holds the gate.
    private void Forget(string uid, string ns)
    {
        phases.Set(uid, null);
        notReady.Set(uid, ns, null, 0);
        notReadySince.Remove(uid);
    }

    /// <summary>Since when (Unix seconds) a container has not been Ready: its Ready condition's last transition, or
    /// its creation before it has one.</summary>
    private double NotReadySince(V1Alpha1ManagedContainer mc)
    {
        var since = mc.Status?.GetCondition(ConditionTypes.Ready) is { } ready && ready.LastTransitionTime != default
            ? ready.LastTransitionTime
            : mc.Metadata.CreationTimestamp;
        return since is { } t
            ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0
            : time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
    }

    /// <summary>Why a container meant to run is not Ready: its Ready condition's reason (one of the operator's own
    /// ConditionReasons, so the label stays bounded), Initializing before the first status; null when it is Ready or
    /// not meant to run.</summary>
    internal static string? NotReadyReason(V1Alpha1ManagedContainer mc)
    {
        // Not meant to be Ready: stopped, expired, being deleted, or a oneShot Job that has finished (well or not).
        var finishedJob = mc.Spec?.Mode == WorkloadModes.OneShot && mc.Status?.Phase == ManagedContainerPhases.Failed;
        if (mc.Spec?.Stopped == true || mc.Metadata.DeletionTimestamp is not null || finishedJob
            || mc.Status?.Phase is ManagedContainerPhases.Stopped or ManagedContainerPhases.Expired
            or ManagedContainerPhases.Succeeded or ManagedContainerPhases.Deleting)
        {
            return null;
        }

        var ready = mc.Status?.GetCondition(ConditionTypes.Ready);
        return ready?.Status == ConditionStatuses.True ? null : ready?.Reason ?? ConditionReasons.Initializing;
    }

    // Caller holds the gate.
    private void TimeToReady(string uid, V1Alpha1ManagedContainer mc)
    {
        var generation = mc.Metadata.Generation ?? 0;
        var ready = mc.Status?.GetCondition(ConditionTypes.Ready);
        var readyNow = ready?.Status == ConditionStatuses.True && (mc.Status?.ObservedGeneration ?? 0) >= generation;
        if (readyNow)
        {
            if (notReadySince.Remove(uid, out var since))
            {
                timeToReady.Observe(time.GetElapsedTime(since).TotalSeconds);
            }

            return;
        }

        // Stopped or expired containers are not meant to be Ready: nothing to time.
        if (mc.Spec?.Stopped == true || mc.Status?.Phase is ManagedContainerPhases.Expired or ManagedContainerPhases.Stopped)
        {
            notReadySince.Remove(uid);
            return;
        }

        // A newer change while one is rolling out keeps the clock: the user has waited since the first.
        notReadySince.TryAdd(uid, time.GetTimestamp());
    }

    private static bool Became(ManagedContainerStatus before, ManagedContainerStatus after, string type, string reason)
    {
        return after.GetCondition(type)?.Reason == reason && before.GetCondition(type)?.Reason != reason;
    }
}
