namespace KubeContainers.LocalCluster.Server;

/// <summary>metav1.DeleteOptions as far as this server honours them.</summary>
public sealed record DeleteOptions(
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false)
{
    /// <summary>Who deletes (null for the cluster's own controllers); ValidatingAdmissionPolicies see it.</summary>
    public Auth.UserInfo? User { get; init; }
}
