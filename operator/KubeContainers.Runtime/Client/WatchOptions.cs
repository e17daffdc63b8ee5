namespace KubeContainers.Runtime.Client;

/// <summary>Scope and start point of a watch. <paramref name="TimeoutSeconds"/> asks the server to end the stream.</summary>
public sealed record WatchOptions(
    string ResourceVersion,
    string? Namespace = null,
    string? LabelSelector = null,
    bool AllowBookmarks = true,
    int? TimeoutSeconds = null,
    string? FieldSelector = null);
