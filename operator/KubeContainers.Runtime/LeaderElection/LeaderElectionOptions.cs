namespace KubeContainers.Runtime.LeaderElection;

/// <summary>client-go's defaults: a 15 s lease, renewed every 2 s, given up if not renewed within 10 s.</summary>
public sealed class LeaderElectionOptions
{
    public bool Enabled { get; set; } = true;

    public string LeaseName { get; set; } = "kubecontainers-operator";

    /// <summary>Defaults to the pod's namespace (POD_NAMESPACE) or "default".</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>Defaults to the host name (the pod name) plus a random suffix.</summary>
    public string? Identity { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);
}
