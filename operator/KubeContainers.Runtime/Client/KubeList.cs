namespace KubeContainers.Runtime.Client;

/// <summary>The items of a list and the resource version to start a watch from.</summary>
public sealed record KubeList<T>(IReadOnlyList<T> Items, string ResourceVersion);
