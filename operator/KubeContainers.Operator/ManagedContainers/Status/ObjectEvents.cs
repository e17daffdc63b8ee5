using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>The core/v1 Events about one object, newest first: matched by uid, or by kind and name when the uid is absent.</summary>
internal static class ObjectEvents
{
    public static IReadOnlyList<Corev1Event> For(IReadOnlyList<Corev1Event>? events, string kind, V1ObjectMeta? meta)
    {
        if (events is null || events.Count == 0 || meta is null)
        {
            return [];
        }

        return events
            .Where(e => About(e.InvolvedObject, kind, meta))
            .OrderByDescending(LastSeen)
            .ToList();
    }

    /// <summary>
    /// The newest Warning of that reason, optionally about one container (fieldPath <c>spec.containers{name}</c> or
    /// <c>spec.initContainers{name}</c>; an Event without a fieldPath is about the whole pod and matches too).
    /// </summary>
    public static Corev1Event? LatestWarning(
        IReadOnlyList<Corev1Event> newestFirst, string reason, string? container = null, string? messagePrefix = null) =>
        newestFirst.FirstOrDefault(e =>
            e.Type == "Warning" && e.Reason == reason &&
            (messagePrefix is null || e.Message?.StartsWith(messagePrefix, StringComparison.Ordinal) == true) &&
            (container is null || e.InvolvedObject?.FieldPath is not { Length: > 0 } path ||
                path.EndsWith($"{{{container}}}", StringComparison.Ordinal)));

    /// <summary>lastTimestamp, else the series' last observation, else eventTime, else firstTimestamp.</summary>
    public static DateTimeOffset LastSeen(Corev1Event e) =>
        KubeTime.ToOffset(e.LastTimestamp) ?? KubeTime.ToOffset(e.Series?.LastObservedTime) ?? KubeTime.ToOffset(e.EventTime)
        ?? KubeTime.ToOffset(e.FirstTimestamp) ?? DateTimeOffset.MinValue;

    private static bool About(V1ObjectReference? involved, string kind, V1ObjectMeta meta)
    {
        if (involved is null || (involved.Kind is { Length: > 0 } k && k != kind))
        {
            return false;
        }

        if (involved.Uid is { Length: > 0 } uid && meta.Uid is { Length: > 0 })
        {
            return uid == meta.Uid;
        }

        return involved.Name == meta.Name &&
            (involved.NamespaceProperty is null || meta.NamespaceProperty is null || involved.NamespaceProperty == meta.NamespaceProperty);
    }
}
