namespace KubeContainers.Runtime.Client;

/// <summary>Scope of a list: a namespace (null for all) and an optional label selector; with <paramref name="Limit"/>,
/// one page of at most that many objects, continuing after the page whose <see cref="KubeList{T}.Continue"/> token
/// is passed as <paramref name="Continue"/>. <paramref name="FieldSelector"/> narrows by the fields the API server
/// indexes for the kind (an Event's <c>type</c>, say).</summary>
public sealed record ListOptions(
    string? Namespace = null, string? LabelSelector = null, int? Limit = null, string? Continue = null, string? FieldSelector = null);
