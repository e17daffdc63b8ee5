using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Nodes;

[ClusterTest]
public sealed class SchedulerTests
{
    private static string? NodeOf(JsonObject? pod) => pod?["spec"]?["nodeName"]?.ToString();

    [Fact]
    public async Task Pods_land_on_nodes_with_their_arch_and_gpus()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("arm", "nginx", extraSpec: """ "nodeSelector": { "kubernetes.io/arch": "arm64" }, """));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("gpu", "cuda", resources: """{ "limits": { "nvidia.com/gpu": "1" } }"""));

        (await Eventually.Until(() => NodeOf(cluster.Get(BuiltinResources.Pods, "arm")), n => n is not null, "arm scheduled")).ShouldBe("node-3");
        (await Eventually.Until(() => NodeOf(cluster.Get(BuiltinResources.Pods, "gpu")), n => n is not null, "gpu scheduled")).ShouldBe("node-2");
        cluster.EventsFor("arm", "Scheduled").ShouldHaveSingleItem()["message"]!.ToString().ShouldBe("Successfully assigned default/arm to node-3");
    }

    [Fact]
    public async Task A_pod_for_a_missing_arch_is_unschedulable()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("s390", "nginx", extraSpec: """ "nodeSelector": { "kubernetes.io/arch": "s390x" }, """));

        // The scheduler writes the condition and then the Event: wait for both.
        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "s390"),
            p => TestCluster.Condition(p, "PodScheduled") == "False" && cluster.EventsFor("s390", "FailedScheduling").Count > 0, "Unschedulable");

        TestCluster.Condition(pod, "PodScheduled", "reason").ShouldBe("Unschedulable");
        TestCluster.Condition(pod, "PodScheduled", "message").ShouldBe(
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
        var failed = cluster.EventsFor("s390", "FailedScheduling").ShouldHaveSingleItem();
        failed["type"]!.ToString().ShouldBe("Warning");
        failed["source"]!["component"]!.ToString().ShouldBe("default-scheduler");
    }

    [Fact]
    public async Task Insufficient_cpu_is_reported_per_node_and_clears_when_room_appears()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("big", "nginx", extraSpec: """ "nodeSelector": { "kubernetes.io/arch": "arm64" }, """,
            resources: """{ "requests": { "cpu": "9" } }"""));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "big"), p => TestCluster.Condition(p, "PodScheduled") == "False", "Unschedulable");
        TestCluster.Condition(pod, "PodScheduled", "message")!.ShouldStartWith(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.");

        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("filler", "nginx", resources: """{ "requests": { "cpu": "6" } }"""));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("second", "nginx", extraSpec: """ "nodeSelector": { "kubernetes.io/hostname": "node-1" }, """,
            resources: """{ "requests": { "cpu": "3" } }"""));
        await Eventually.Until(() => NodeOf(cluster.Get(BuiltinResources.Pods, "filler")) is not null, "filler scheduled");
        var fillerNode = NodeOf(cluster.Get(BuiltinResources.Pods, "filler"));
        if (fillerNode == "node-1")
        {
            var second = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "second"), p => TestCluster.Condition(p, "PodScheduled") == "False", "no room on node-1");
            TestCluster.Condition(second, "PodScheduled", "message")!.ShouldStartWith("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.");
            cluster.Delete(BuiltinResources.Pods, "filler");
        }

        (await Eventually.Until(() => NodeOf(cluster.Get(BuiltinResources.Pods, "second")), n => n is not null, "second scheduled")).ShouldBe("node-1");
    }

    [Fact]
    public async Task A_runtime_class_adds_its_overhead_and_node_selector()
    {
        await using var cluster = await TestCluster.StartAsync(kataRuntimeClasses: ["kata-qemu"], nodes: TestCluster.KataNodes);
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("sandboxed", "nginx", extraSpec: """ "runtimeClassName": "kata-qemu", """));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "sandboxed"), p => NodeOf(p) is not null, "scheduled");
        NodeOf(pod).ShouldBe("node-1");
        pod!["spec"]!["overhead"]!["memory"]!.ToString().ShouldBe("160Mi");
        pod["spec"]!["nodeSelector"]!["katacontainers.io/kata-runtime"]!.ToString().ShouldBe("true");
    }

    [Fact]
    public async Task A_missing_runtime_class_is_refused_at_admission()
    {
        await using var cluster = await TestCluster.StartAsync();

        var error = Should.Throw<ApiException>(() =>
            cluster.Create(BuiltinResources.Pods, TestCluster.Pod("sandboxed", "nginx", extraSpec: """ "runtimeClassName": "gvisor", """)));
        error.Code.ShouldBe(403);
        error.Message.ShouldBe("pods \"sandboxed\" is forbidden: pod rejected: RuntimeClass \"gvisor\" not found");
    }
}
