using KubeContainers.LocalCluster.Controllers.Cluster;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Controllers.Networking;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Controllers.Storage;
using KubeContainers.LocalCluster.Controllers.Workloads;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>The simulated control plane: every loop that runs when controllers are enabled, sharing one Event recorder.</summary>
internal static class ClusterControllers
{
    public static IReadOnlyList<IClusterController> Create(LocalClusterOptions options)
    {
        var events = new EventRecorder(options.Clock);
        IClusterController[] loadBalancers = options.LoadBalancerAddresses is { } addresses
            ? [new LoadBalancerController(events, options, LoadBalancerPool.Parse(addresses))]
            : [];
        return
        [
            new DeploymentController(events, options.Clock),
            new ReplicaSetController(events, options.Clock),
            new Scheduler(events, options.Clock),
            new Kubelet.Kubelet(events, options),
            new JobController(events, options.Clock),
            new EndpointsController(options.Clock),
            new IngressController(events, options),
            new PersistentVolumeClaimController(events, options.Clock),
            new GarbageCollector(options.Clock),
            new PodGarbageCollector(options),
            new NamespaceController(options.Clock),
            new ResourceQuotaController(options.Clock),
            new PvcProtectionController(options.Clock),
            .. loadBalancers,
        ];
    }
}
