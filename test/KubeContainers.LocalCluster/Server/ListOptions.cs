namespace KubeContainers.LocalCluster.Server;

/// <summary>The list and watch query: selectors, paging and the revision to start from.</summary>
public sealed record ListOptions(
    string? LabelSelector = null,
    string? FieldSelector = null,
    int Limit = 0,
    string? Continue = null,
    string? ResourceVersion = null);
