namespace KubeContainers.LocalCluster.Controllers.Nodes;

/// <summary>One pod as the scheduler counts it (see <see cref="PodSummaries"/>).</summary>
internal sealed record PodSummary(string Key, long Revision, string? NodeName, bool Active, IReadOnlyDictionary<string, decimal> Requests);
