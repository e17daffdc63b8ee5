using k8s;
using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Cli.Kube;

/// <summary>What belongs to a ManagedContainer: its pods (the operator's selector label) and its Events.</summary>
internal static class Related
{
    /// <summary>The label the operator puts on every pod of a container (Deployment replicas and a oneShot's Job pod).</summary>
    public const string ContainerLabel = V1Alpha1ManagedContainer.KubeGroup + "/container";

    public static async Task<IList<V1Pod>> PodsAsync(Kubernetes client, string ns, string name, CancellationToken ct)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{ContainerLabel}={name}", cancellationToken: ct);
        return [.. pods.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
    }

    public static string EventSelector(string name) =>
        $"involvedObject.kind={V1Alpha1ManagedContainer.KubeKind},involvedObject.name={name}";

    /// <summary>The container's Events, oldest first, as kubectl describe lists them.</summary>
    public static async Task<(IList<Corev1Event> Events, string? ResourceVersion)> EventsAsync(Kubernetes client, string ns, string name, CancellationToken ct)
    {
        var list = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: EventSelector(name), cancellationToken: ct);
        return ([.. list.Items.OrderBy(LastSeen).ThenBy(e => e.Metadata.CreationTimestamp)], list.Metadata?.ResourceVersion);
    }

    public static DateTime LastSeen(Corev1Event e) =>
        e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp ?? DateTime.MinValue;

    /// <summary>kubectl get pods' STATUS: a waiting or terminated reason, else the phase.</summary>
    public static string PodStatus(V1Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return "Terminating";
        }

        var states = pod.Status?.ContainerStatuses ?? [];
        return states.Select(s => s.State?.Waiting?.Reason ?? s.State?.Terminated?.Reason).FirstOrDefault(r => r is not null)
            ?? pod.Status?.Phase ?? "Unknown";
    }

    public static string PodReady(V1Pod pod)
    {
        var states = pod.Status?.ContainerStatuses ?? [];
        var total = pod.Spec?.Containers?.Count ?? states.Count;
        return $"{states.Count(s => s.Ready)}/{total}";
    }

    public static int Restarts(V1Pod pod) => (pod.Status?.ContainerStatuses ?? []).Sum(s => s.RestartCount);

    /// <summary>A pod every container of which is ready: one exec can go into.</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true && pod.Metadata.DeletionTimestamp is null;
}
