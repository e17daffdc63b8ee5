using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Integration;

/// <summary>Helpers for tests against the in-process local cluster: the real client stack.</summary>
internal static class ClusterTestKit
{
    public static IKubeClient NewClient(LocalCluster.LocalCluster cluster, double qps = 200, int burst = 200) =>
        new KubernetesKubeClient(new Kubernetes(
            cluster.ClientConfiguration(),
            new RateLimitingHandler(new TokenBucket(qps, burst, TimeProvider.System), TimeProvider.System)));

    public static V1ConfigMap ConfigMap(string name, string ns = "default") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Data = new Dictionary<string, string> { ["k"] = name },
    };
}
