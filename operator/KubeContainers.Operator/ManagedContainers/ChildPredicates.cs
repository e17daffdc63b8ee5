using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Which changes of children wake the reconciler: only those the status can show, or that the reconciler must undo.
/// Each kind is reduced to its "facts" (what the diagnosis in Status/ reads); a modification wakes us when the facts
/// differ. A deletion always wakes us (the child is re-created). A rollout sends a dozen events per pod and
/// Deployment (resourceVersion, lastUpdateTime, observed conditions' messages...); most change no fact.
/// </summary>
internal static class ChildPredicates
{
    /// <summary>Pods: phase, scheduling, readiness, each container's state (waiting reason, running, terminated
    /// reason and exit code), restart count and image pulled. A new pod the scheduler has not touched yet wakes no
    /// one: it shows nothing that its absence did not (the Deployment's status moves anyway).</summary>
    public static bool Pod(ObjectEvent<V1Pod> e) => e.Type switch
    {
        ObjectEventType.Added => PodFacts(e.Object) != PodFacts(Blank(e.Object)),
        ObjectEventType.Modified => e.Old is null || PodFacts(e.Old) != PodFacts(e.Object),
        _ => true,
    };

    /// <summary>Deployments: spec (generation), what the controller observed, replica counts and the conditions the
    /// diagnosis reads. Our own create coming back (no status yet) wakes no one.</summary>
    public static bool Deployment(ObjectEvent<V1Deployment> e) => e.Type switch
    {
        ObjectEventType.Added => e.Object.Status?.ObservedGeneration is not null,
        ObjectEventType.Modified => e.Old is null || DeploymentFacts(e.Old) != DeploymentFacts(e.Object),
        _ => true,
    };

    /// <summary>Jobs: spec and the whole status (a oneShot run is a handful of events).</summary>
    public static bool Job(ObjectEvent<V1Job> e) =>
        Changed(e, j => Meta(j.Metadata) + Json(j.Status));

    /// <summary>Ingresses: spec and the address the ingress controller publishes.</summary>
    public static bool Ingress(ObjectEvent<V1Ingress> e) =>
        Changed(e, i => Meta(i.Metadata) + Json(i.Status?.LoadBalancer));

    /// <summary>Claims: spec and whether they are bound.</summary>
    public static bool Claim(ObjectEvent<V1PersistentVolumeClaim> e) =>
        Changed(e, c => Meta(c.Metadata) + c.Spec?.VolumeName + "|" + c.Status?.Phase);

    /// <summary>Services: spec and metadata, so a hand edit is undone (Services carry no generation, so the spec
    /// itself is compared), and the address a load balancer publishes.</summary>
    public static bool Service(ObjectEvent<V1Service> e) =>
        Changed(e, s => Meta(s.Metadata) + Json(s.Spec) + Json(s.Status?.LoadBalancer?.Ingress));

    /// <summary>Children with nothing in their status we read: spec and metadata, so a hand edit is undone.</summary>
    public static bool NetworkPolicy(ObjectEvent<V1NetworkPolicy> e) => Changed(e, n => Meta(n.Metadata) + Json(n.Spec));

    /// <summary>The ConfigMap of the inline files: its data and metadata, so a hand edit is undone.</summary>
    public static bool ConfigMap(ObjectEvent<V1ConfigMap> e) => Changed(e, c => Meta(c.Metadata) + Json(c.Data));

    /// <summary>Creations and deletions pass; a modification passes when <paramref name="facts"/> differ.</summary>
    private static bool Changed<T>(ObjectEvent<T> e, Func<T, string> facts)
        where T : class =>
        e.Type != ObjectEventType.Modified || e.Old is null || facts(e.Old) != facts(e.Object);

    // KubernetesJson throws on null.
    private static string Json(object? value) => value is null ? "" : KubernetesJson.Serialize(value);

    internal static string PodFacts(V1Pod pod)
    {
        var s = new StringBuilder(Meta(pod.Metadata));
        s.Append(pod.Status?.Phase).Append('|').Append(string.IsNullOrEmpty(pod.Spec?.NodeName) ? "" : "bound").Append('|');
        foreach (var c in pod.Status?.Conditions ?? [])
        {
            if (c.Type is "Ready" or "PodScheduled")
            {
                s.Append(c.Type).Append('=').Append(c.Status);
                if (c.Status == "False")
                {
                    s.Append(' ').Append(c.Reason).Append(' ').Append(c.Message);
                }

                s.Append('|');
            }
        }

        foreach (var c in (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []))
        {
            var container = new StringBuilder();
            // Started=false while running: a startup probe pending, so no health check failure yet.
            container.Append(c.Ready ? " ready" : "").Append(string.IsNullOrEmpty(c.ImageID) ? "" : " pulled")
                .Append(c.Started == false && c.State?.Running is not null ? " unstarted" : "")
                .Append(c.RestartCount == 0 ? "" : " restarts=" + c.RestartCount.ToString(CultureInfo.InvariantCulture));
            State(container, c.State);
            State(container, c.LastState, " last ");
            // A container only being created reads as no status at all: the checks say the same of both.
            if (container.Length > 0)
            {
                s.Append(c.Name).Append(container).Append('|');
            }
        }

        return s.ToString();
    }

    internal static string DeploymentFacts(V1Deployment d)
    {
        var status = d.Status;
        var s = new StringBuilder(Meta(d.Metadata));
        s.Append(CultureInfo.InvariantCulture, $"{d.Metadata.Generation}/{status?.ObservedGeneration} want {d.Spec?.Replicas} ")
            .Append(CultureInfo.InvariantCulture, $"{status?.Replicas} {status?.UpdatedReplicas} {status?.ReadyReplicas} {status?.AvailableReplicas} {status?.UnavailableReplicas}|");
        foreach (var c in status?.Conditions ?? [])
        {
            // Progressing's reason changes at every step (NewReplicaSetCreated, ReplicaSetUpdated...); only the
            // deadline matters. ReplicaFailure's message is the apiserver's refusal, which the status quotes.
            s.Append(c.Type).Append('=').Append(c.Status)
                .Append(c.Reason == "ProgressDeadlineExceeded" ? " deadline" : "")
                .Append(c.Type == "ReplicaFailure" ? " " + c.Message : "")
                .Append('|');
        }

        return s.ToString();
    }

    private static void State(StringBuilder s, V1ContainerState? state, string prefix = " ")
    {
        if (state?.Waiting is { } waiting)
        {
            // Creating and initializing are how every container starts: the same as no state yet.
            if (waiting.Reason is not (null or "ContainerCreating" or "PodInitializing"))
            {
                s.Append(prefix).Append("waiting ").Append(waiting.Reason).Append(' ').Append(waiting.Message);
            }
        }
        else if (state?.Running is not null)
        {
            s.Append(prefix).Append("running");
        }
        else if (state?.Terminated is { } terminated)
        {
            s.Append(prefix).Append("terminated ").Append(terminated.Reason).Append(' ')
                .Append(terminated.ExitCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(terminated.Message);
        }
    }

    /// <summary>Deletion, labels, annotations and the controlling owner: a hand edit to undo, or a pod that moved to
    /// another ReplicaSet.</summary>
    private static string Meta(V1ObjectMeta? meta)
    {
        if (meta is null)
        {
            return "";
        }

        var s = new StringBuilder();
        s.Append(meta.DeletionTimestamp is null ? "" : "deleting ");
        foreach (var (k, v) in (meta.Labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            s.Append(k).Append('=').Append(v).Append(',');
        }

        s.Append('|');
        foreach (var (k, v) in (meta.Annotations ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            s.Append(k).Append('=').Append(v).Append(',');
        }

        s.Append('|').Append(meta.OwnerReferences?.FirstOrDefault(r => r.Controller == true)?.Uid).Append('|');
        return s.ToString();
    }

    /// <summary>The pod as created, before the scheduler and the kubelet wrote anything.</summary>
    private static V1Pod Blank(V1Pod pod) => new()
    {
        Metadata = pod.Metadata,
        Spec = new V1PodSpec { Containers = pod.Spec?.Containers },
        Status = new V1PodStatus { Phase = "Pending" },
    };
}
