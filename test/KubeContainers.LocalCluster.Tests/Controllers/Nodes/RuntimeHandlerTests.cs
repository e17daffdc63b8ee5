using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Nodes;

/// <summary>
/// Sandboxes (RuntimeClass handlers) as a real cluster serves them: nodes list their CRI handlers in
/// status.runtimeHandlers, and a pod whose handler its node lacks stays Pending with FailedCreatePodSandBox.
/// </summary>
[ClusterTest]
public sealed class RuntimeHandlerTests
{
    private static string? NodeOf(JsonObject? pod) => pod?["spec"]?["nodeName"]?.ToString();

    private static JsonObject? ContainerStatus(JsonObject? pod) => pod?["status"]?["containerStatuses"]?[0] as JsonObject;

    private static List<string> HandlerNames(JsonObject? node) =>
        (node?["status"]?["runtimeHandlers"] as JsonArray)?.Select(h => h!["name"]!.ToString()).ToList() ?? [];

    private static string RuntimeClass(string name, string handler, string extra = "") => $$"""
        { "apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": { "name": "{{name}}" }, {{extra}} "handler": "{{handler}}" }
        """;

    private static string SandboxError(string handler) =>
        $"Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"{handler}\" is configured";

    [Fact]
    public async Task Default_nodes_run_only_runc_as_a_stock_cluster()
    {
        await using var cluster = await TestCluster.StartAsync();

        foreach (var node in cluster.List(BuiltinResources.Nodes))
        {
            HandlerNames(node).ShouldBe(["", "runc"], node["metadata"]!["name"]!.ToString());
            node["metadata"]!["labels"]![NodeSpec.KataLabel].ShouldBeNull();
        }

        cluster.Create(BuiltinResources.RuntimeClasses, RuntimeClass("gvisor", "runsc"));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: """ "runtimeClassName": "gvisor", """));
        var failed = await Eventually.Until(() => cluster.EventsFor("app", "FailedCreatePodSandBox"), e => e.Count > 0, "FailedCreatePodSandBox");
        failed[0]["message"]!.ToString().ShouldBe(SandboxError("runsc"));
    }

    [Fact]
    public async Task Nodes_advertise_their_runtime_handlers_with_features()
    {
        await using var cluster = await TestCluster.StartAsync(nodes: TestCluster.KataNodes.Select(n => n.Name == "node-2" ? n with { RuntimeHandlers = NodeSpec.GVisorRuntimeHandlers } : n).ToList());

        var node1 = cluster.Get(BuiltinResources.Nodes, "node-1");
        HandlerNames(node1).ShouldBe(["", "kata-fc", "kata-qemu", "runc"]);
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "node-2")).ShouldBe(["", "runc", "runsc"]);
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "node-3")).ShouldBe(["", "runc"]);

        var handlers = node1!["status"]!["runtimeHandlers"]!.AsArray();
        var byDefault = handlers.Single(h => h!["name"]!.ToString() == "")!;
        byDefault["features"]!["recursiveReadOnlyMounts"]!.GetValue<bool>().ShouldBeTrue();
        byDefault["features"]!["userNamespaces"]!.GetValue<bool>().ShouldBeTrue();
        var gvisor = cluster.Get(BuiltinResources.Nodes, "node-2")!["status"]!["runtimeHandlers"]!.AsArray().Single(h => h!["name"]!.ToString() == "runsc")!;
        gvisor["features"]!["recursiveReadOnlyMounts"]!.GetValue<bool>().ShouldBeFalse();
        gvisor["features"]!["userNamespaces"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Runtime_handlers_are_configurable_per_node()
    {
        await using var cluster = await TestCluster.StartAsync(nodes:
        [
            new NodeSpec("plain", RuntimeHandlers: [NodeRuntimeHandler.Default]),
            new NodeSpec("custom", RuntimeHandlers: [new NodeRuntimeHandler("crun", UserNamespaces: true), NodeRuntimeHandler.Default]),
            new NodeSpec("standard"),
        ]);

        HandlerNames(cluster.Get(BuiltinResources.Nodes, "plain")).ShouldBe([""]);
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "custom")).ShouldBe(["", "crun"]);
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "standard")).ShouldBe(["", "runc"]);
        var crun = cluster.Get(BuiltinResources.Nodes, "custom")!["status"]!["runtimeHandlers"]![1]!;
        crun["features"]!["userNamespaces"]!.GetValue<bool>().ShouldBeTrue();
        crun["features"]!["recursiveReadOnlyMounts"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_handler_no_node_runs_leaves_the_pod_pending_with_FailedCreatePodSandBox_until_the_node_gains_it()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.RuntimeClasses, RuntimeClass("made-up", "made-up"));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: """ "runtimeClassName": "made-up", """));

        // The kubelet retries with back-off: the Event is aggregated, its count grows.
        var failed = await Eventually.Until(() => cluster.EventsFor("app", "FailedCreatePodSandBox"),
            e => e.Count == 1 && e[0]["count"]?.GetValue<long>() >= 2, "FailedCreatePodSandBox repeated");
        var sandboxEvent = failed.Single();
        sandboxEvent["type"]!.ToString().ShouldBe("Warning");
        sandboxEvent["message"]!.ToString().ShouldBe(SandboxError("made-up"));
        sandboxEvent["source"]!["component"]!.ToString().ShouldBe("kubelet");

        var pod = cluster.Get(BuiltinResources.Pods, "app")!;
        var nodeName = NodeOf(pod)!;
        sandboxEvent["source"]!["host"]!.ToString().ShouldBe(nodeName);
        pod["status"]!["phase"]!.ToString().ShouldBe("Pending");
        pod["status"]!["podIP"].ShouldBeNull();
        pod["status"]!["hostIP"]!.ToString().ShouldStartWith("172.18.0.");
        pod["status"]!["startTime"].ShouldNotBeNull();
        TestCluster.Condition(pod, "PodScheduled").ShouldBe("True");
        TestCluster.Condition(pod, "PodReadyToStartContainers").ShouldBe("False");
        TestCluster.Condition(pod, "Initialized").ShouldBe("True");
        TestCluster.Condition(pod, "Ready").ShouldBe("False");
        TestCluster.Condition(pod, "Ready", "message").ShouldBe("containers with unready status: [app]");
        var container = ContainerStatus(pod)!;
        container["state"]!["waiting"]!["reason"]!.ToString().ShouldBe("ContainerCreating");
        container["ready"]!.GetValue<bool>().ShouldBeFalse();
        container["containerID"].ShouldBeNull();
        cluster.EventsFor("app", "Pulling").ShouldBeEmpty();

        // The node's runtime gets the handler configured: the next pass creates the sandbox and the pod runs.
        var node = cluster.Get(BuiltinResources.Nodes, nodeName)!;
        node["status"]!["runtimeHandlers"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "made-up",
            ["features"] = new JsonObject { ["recursiveReadOnlyMounts"] = false, ["userNamespaces"] = false },
        });
        cluster.UpdateStatus(BuiltinResources.Nodes, node);

        var ready = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => TestCluster.Condition(p, "Ready") == "True", "ready once the node runs the handler");
        ready!["status"]!["phase"]!.ToString().ShouldBe("Running");
        ready["status"]!["podIP"]!.ToString().ShouldStartWith("10.244.");
        cluster.EventsFor("app", "Started").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_gvisor_runtime_class_runs_on_any_node_with_gvisor_installed()
    {
        await using var cluster = await TestCluster.StartAsync(nodes: TestCluster.GVisorNodes);
        cluster.Create(BuiltinResources.RuntimeClasses, RuntimeClass("gvisor", "runsc"));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: """ "runtimeClassName": "gvisor", """));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => TestCluster.Condition(p, "Ready") == "True", "a ready gVisor pod");

        pod!["status"]!["phase"]!.ToString().ShouldBe("Running");
        ContainerStatus(pod)!["state"]!["running"].ShouldNotBeNull();
        cluster.EventsFor("app", "FailedCreatePodSandBox").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("kata-qemu")]
    [InlineData("kata-fc")]
    public async Task A_kata_runtime_class_lands_on_the_kata_node_and_runs(string runtimeClass)
    {
        await using var cluster = await TestCluster.StartAsync(kataRuntimeClasses: ["kata-qemu", "kata-fc"], nodes: TestCluster.KataNodes);
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: $""" "runtimeClassName": "{runtimeClass}", """));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => TestCluster.Condition(p, "Ready") == "True", "a ready Kata pod");

        NodeOf(pod).ShouldBe("node-1");
        pod!["status"]!["phase"]!.ToString().ShouldBe("Running");
        cluster.EventsFor("app", "FailedCreatePodSandBox").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_kata_label_without_the_kata_runtime_fails_sandbox_creation()
    {
        await using var cluster = await TestCluster.StartAsync(kataRuntimeClasses: ["kata-qemu"], nodes:
        [
            new NodeSpec("node-1", Labels: new Dictionary<string, string> { [NodeSpec.KataLabel] = "true" }),
            new NodeSpec("node-2"),
        ]);
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: """ "runtimeClassName": "kata-qemu", """));

        var failed = await Eventually.Until(() => cluster.EventsFor("app", "FailedCreatePodSandBox"), e => e.Count > 0, "FailedCreatePodSandBox");

        failed.ShouldHaveSingleItem()["message"]!.ToString().ShouldBe(SandboxError("kata-qemu"));
        var pod = cluster.Get(BuiltinResources.Pods, "app");
        NodeOf(pod).ShouldBe("node-1");
        pod!["status"]!["phase"]!.ToString().ShouldBe("Pending");
    }

    [Fact]
    public async Task A_runtime_class_deleted_after_admission_fails_at_the_kubelet_until_it_is_back()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.RuntimeClasses, RuntimeClass("sandbox", "made-up"));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "example.com/app:1", extraSpec: """ "runtimeClassName": "sandbox", """));
        await Eventually.Until(() => cluster.EventsFor("app", "FailedCreatePodSandBox").Count > 0, "the handler is missing");

        cluster.Delete(BuiltinResources.RuntimeClasses, "sandbox");
        var notFound = "Failed to create pod sandbox: runtimeclass.node.k8s.io \"sandbox\" not found";
        await Eventually.Until(() => cluster.EventsFor("app", "FailedCreatePodSandBox").Any(e => e["message"]!.ToString() == notFound),
            "the kubelet's lookup fails on its next retry");
        cluster.Get(BuiltinResources.Pods, "app")!["status"]!["phase"]!.ToString().ShouldBe("Pending");

        cluster.Create(BuiltinResources.RuntimeClasses, RuntimeClass("sandbox", "runc"));
        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => TestCluster.Condition(p, "Ready") == "True", "ready once the class names a handler the node runs");
        pod!["status"]!["phase"]!.ToString().ShouldBe("Running");
        cluster.EventsFor("app", "FailedCreatePodSandBox").Select(e => e["message"]!.ToString()).ShouldBe([SandboxError("made-up"), notFound], ignoreOrder: true);
    }

    [Fact]
    public async Task A_pod_with_init_containers_waits_in_PodInitializing_without_a_sandbox()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.RuntimeClasses, RuntimeClass("made-up", "made-up"));
        cluster.Create(BuiltinResources.Pods, """
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": { "name": "app" },
              "spec": {
                "runtimeClassName": "made-up",
                "initContainers": [ { "name": "setup", "image": "busybox" } ],
                "containers": [ { "name": "app", "image": "nginx" } ]
              }
            }
            """);

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => p?["status"]?["containerStatuses"] is not null, "a status");

        TestCluster.Condition(pod, "Initialized").ShouldBe("False");
        TestCluster.Condition(pod, "Initialized", "reason").ShouldBe("ContainersNotInitialized");
        TestCluster.Condition(pod, "Initialized", "message").ShouldBe("containers with incomplete status: [setup]");
        pod!["status"]!["initContainerStatuses"]![0]!["state"]!["waiting"]!["reason"]!.ToString().ShouldBe("PodInitializing");
        ContainerStatus(pod)!["state"]!["waiting"]!["reason"]!.ToString().ShouldBe("PodInitializing");
    }
}
