using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Nodes;

/// <summary>
/// KWOK-style nodes: a Node applied with kubectl, with its status as a kubelet registers it, is simulated from what it
/// says; deleting a Node has the pod garbage collector evict its pods.
/// </summary>
[ClusterTest]
public sealed class SimulatedNodeTests
{
    private const string GVisorNode = """
        apiVersion: v1
        kind: Node
        metadata:
          name: sandbox-1
          labels: { kubernetes.io/hostname: sandbox-1, kubernetes.io/arch: amd64, kubernetes.io/os: linux, pool: sandbox }
        spec:
          podCIDR: 10.244.9.0/24
        status:
          allocatable: { cpu: "4", memory: 16Gi, pods: "110" }
          capacity: { cpu: "4", memory: 16Gi, pods: "110" }
          conditions:
          - { type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status }
          addresses:
          - { type: InternalIP, address: 172.18.0.9 }
          runtimeHandlers:
          - { name: "", features: { recursiveReadOnlyMounts: true, userNamespaces: true } }
          - { name: runc, features: { recursiveReadOnlyMounts: true, userNamespaces: true } }
          - { name: runsc, features: { recursiveReadOnlyMounts: false, userNamespaces: false } }
        """;

    [Fact]
    public async Task A_node_applied_with_kubectl_runs_what_its_status_says_and_deleting_it_evicts_its_pods()
    {
        await using var cluster = await TestCluster.StartAsync(options: new LocalClusterOptions { OrphanedPodQuarantine = TimeSpan.FromMilliseconds(300) });
        var kubectl = new Kubectl(cluster.Cluster.KubeconfigPath);
        (await kubectl.RunAsync("apply -f -", GVisorNode)).ShouldSucceed();
        cluster.Create(BuiltinResources.RuntimeClasses, """{ "apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": { "name": "gvisor" }, "handler": "runsc" }""");
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx", replicas: 1,
            podSpec: """ "runtimeClassName": "gvisor", "nodeSelector": { "pool": "sandbox" }, """));

        var pod = await Eventually.Until(() => cluster.PodsWithLabel("app", "web").SingleOrDefault(), p => TestCluster.Condition(p, "Ready") == "True", "a gVisor pod on the applied node");
        pod!["spec"]!["nodeName"]!.ToString().ShouldBe("sandbox-1");
        pod["status"]!["hostIP"]!.ToString().ShouldBe("172.18.0.9");
        pod["status"]!["podIP"]!.ToString().ShouldStartWith("10.244.9.");

        (await kubectl.RunAsync("delete node sandbox-1")).ShouldSucceed();

        // The pod is gone; its replacement has nowhere to go (no other node is in the pool, nor runs gVisor).
        var replacement = await Eventually.Until(() => cluster.PodsWithLabel("app", "web").SingleOrDefault(),
            p => p is not null && p["metadata"]!["name"]!.ToString() != pod["metadata"]!["name"]!.ToString() && TestCluster.Condition(p, "PodScheduled") == "False",
            "an unschedulable replacement");
        TestCluster.Condition(replacement, "PodScheduled", "message")!.ShouldStartWith("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.");
    }
}
