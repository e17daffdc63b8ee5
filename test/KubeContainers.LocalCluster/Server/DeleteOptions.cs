namespace KubeContainers.LocalCluster.Server;

/// <summary>metav1.DeleteOptions as far as this server honours them.</summary>
public sealed record DeleteOptions(
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false);
