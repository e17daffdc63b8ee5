using System.Collections.Frozen;
using k8s;
using k8s.Models;
using KubeContainers.Operator.ManagedContainers.Status;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// The Events the operator caches: Warnings (the field selector <see cref="FieldSelector"/>, so the apiserver sends no
/// Normal Event at all) of a reason the status diagnosis reads, about one of the operator's own pods, ReplicaSets,
/// Jobs or claims. Each kept Event is cut to what the diagnosis reads and labelled with its container
/// (<see cref="Labels.Container"/>), so the reconciler finds a container's Events as it finds its pods, and an Event
/// wakes its container. An Event about an object the caches have not seen yet is left out; the kubelet and the
/// controllers repeat their Warnings (the count goes up), and the next repetition is kept.
/// </summary>
public static class ChildEvents
{
    public const string FieldSelector = "type=Warning";

    public const string FailedMount = "FailedMount";

    public const string FailedAttachVolume = "FailedAttachVolume";

    public const string FailedScheduling = "FailedScheduling";

    public const string FailedCreate = "FailedCreate";

    /// <summary>Longest message kept: kubelet messages quote whole CRI errors; the status shows one line anyway.</summary>
    public const int MaxMessage = 1024;

    /// <summary>The reasons the diagnosis reads (Failed and Unhealthy only sharpen image pull and probe messages).</summary>
    public static FrozenSet<string> Reasons { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        SandboxDiagnosis.FailedCreatePodSandBox, FailedMount, FailedAttachVolume, FailedScheduling, FailedCreate, "Failed", "Unhealthy");

    /// <summary>The cache transform: the trimmed, labelled Event, or null to leave it out.</summary>
    public static Func<Corev1Event, Corev1Event?> Transform(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Resolved on first use: the caches are built with the informers this transform belongs to.
        var owners = new Lazy<Func<V1ObjectReference, string?>>(() => ContainerOf(services));
        return e => Keep(e, reference => owners.Value(reference));
    }

    /// <summary>The Event cut to what the diagnosis reads, labelled with the container <paramref name="containerOf"/>
    /// finds for its object; null when it is not a diagnosed Warning or not about one of our objects.</summary>
    public static Corev1Event? Keep(Corev1Event e, Func<V1ObjectReference, string?> containerOf)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(containerOf);
        if (e.Type != "Warning" || e.Reason is null || !Reasons.Contains(e.Reason) || e.InvolvedObject is not { } involved ||
            containerOf(involved) is not { } container)
        {
            return null;
        }

        return new Corev1Event
        {
            ApiVersion = e.ApiVersion,
            Kind = e.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = e.Metadata.Name,
                NamespaceProperty = e.Metadata.NamespaceProperty,
                Uid = e.Metadata.Uid,
                ResourceVersion = e.Metadata.ResourceVersion,
                Labels = new Dictionary<string, string> { [Labels.Container] = container },
            },
            InvolvedObject = new V1ObjectReference
            {
                Kind = involved.Kind,
                Name = involved.Name,
                NamespaceProperty = involved.NamespaceProperty,
                Uid = involved.Uid,
                FieldPath = involved.FieldPath,
            },
            Type = e.Type,
            Reason = e.Reason,
            Message = e.Message is { Length: > MaxMessage } text ? text[..MaxMessage] : e.Message,
            Count = e.Count,
            FirstTimestamp = e.FirstTimestamp,
            LastTimestamp = e.LastTimestamp,
            EventTime = e.EventTime,
            Series = e.Series is { } series ? new Corev1EventSeries { Count = series.Count, LastObservedTime = series.LastObservedTime } : null,
        };
    }

    /// <summary>Wakes on a new Event, and on a repeated one only when its message changed (a count going up
    /// tells nothing new).</summary>
    public static bool Changed(ObjectEvent<Corev1Event> e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Type != ObjectEventType.Modified || e.Old?.Message != e.Object.Message;
    }

    private static Func<V1ObjectReference, string?> ContainerOf(IServiceProvider services)
    {
        var pods = services.GetRequiredService<ICacheReader<V1Pod>>();
        var replicaSets = services.GetRequiredService<ICacheReader<V1ReplicaSet>>();
        var jobs = services.GetRequiredService<ICacheReader<V1Job>>();
        var claims = services.GetRequiredService<ICacheReader<V1PersistentVolumeClaim>>();
        return involved => involved.Kind switch
        {
            "Pod" => Container(pods, involved),
            "ReplicaSet" => Container(replicaSets, involved),
            "Job" => Container(jobs, involved),
            "PersistentVolumeClaim" => Container(claims, involved),
            _ => null,
        };
    }

    /// <summary>The container label of the cached object the reference names (the same uid, when it has one).</summary>
    private static string? Container<T>(ICacheReader<T> cache, V1ObjectReference involved)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (involved.Name is null || cache.Get(new ObjectKey(involved.NamespaceProperty, involved.Name)) is not { } obj ||
            (involved.Uid is { Length: > 0 } uid && obj.Metadata.Uid != uid))
        {
            return null;
        }

        return obj.Metadata.Labels?.TryGetValue(Labels.Container, out var name) == true ? name : null;
    }
}
