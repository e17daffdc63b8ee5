namespace KubeContainers.LocalCluster.Controllers;

/// <summary>The simulated control plane: every loop that runs when controllers are enabled.</summary>
internal static class ClusterControllers
{
    public static IReadOnlyList<IClusterController> Create(LocalClusterOptions options) => [];
}
