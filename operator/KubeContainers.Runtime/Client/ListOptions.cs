namespace KubeContainers.Runtime.Client;

/// <summary>Scope of a list: a namespace (null for all) and an optional label selector.</summary>
public sealed record ListOptions(string? Namespace = null, string? LabelSelector = null);
