namespace KubeContainers.Api;

/// <summary>Values of <c>spec.networking.egress</c>.</summary>
public static class EgressModes
{
    /// <summary>DNS, the namespace and outside the cluster, never the metadata address nor blocked ranges.</summary>
    public const string Internet = "internet";

    /// <summary>DNS and the namespace.</summary>
    public const string Cluster = "cluster";

    /// <summary>DNS only.</summary>
    public const string None = "none";
}
