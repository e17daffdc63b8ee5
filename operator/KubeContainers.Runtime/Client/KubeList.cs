namespace KubeContainers.Runtime.Client;

/// <summary>The items of a list and the resource version to start a watch from; <paramref name="Continue"/> is set
/// when the list was limited and more pages follow.</summary>
public sealed record KubeList<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue = null);
