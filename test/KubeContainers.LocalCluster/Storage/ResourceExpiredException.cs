namespace KubeContainers.LocalCluster.Storage;

/// <summary>A watch or continue asked for a revision older than the kept history (HTTP 410 Gone, reason Expired).</summary>
public sealed class ResourceExpiredException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})");
