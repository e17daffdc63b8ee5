using KubeContainers.LocalCluster.Server;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>A simulated control-plane loop (kube-controller-manager, scheduler or kubelet part), run in-process.</summary>
public interface IClusterController
{
    Task RunAsync(ResourceService api, CancellationToken stoppingToken);
}
