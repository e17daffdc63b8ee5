using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Kubelet;

[ClusterTest]
public sealed class PodBehaviorTests
{
    private static JsonObject? ContainerStatus(JsonObject? pod) => pod?["status"]?["containerStatuses"]?[0] as JsonObject;

    [Fact]
    public async Task A_default_pod_runs_and_gets_ready_with_a_kubelet_shaped_status()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("web", "nginx", resources: """{ "limits": { "cpu": "100m", "memory": "64Mi" } }"""));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "web"), p => TestCluster.Condition(p, "Ready") == "True", "a ready pod");

        var status = pod!["status"]!;
        status["phase"]!.ToString().ShouldBe("Running");
        status["qosClass"]!.ToString().ShouldBe("Guaranteed");
        status["podIP"]!.ToString().ShouldStartWith("10.244.");
        status["hostIP"]!.ToString().ShouldStartWith("172.18.0.");
        status["startTime"].ShouldNotBeNull();
        foreach (var type in new[] { "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled" })
        {
            TestCluster.Condition(pod, type).ShouldBe("True", type);
        }

        var container = ContainerStatus(pod)!;
        container["image"]!.ToString().ShouldBe("docker.io/library/nginx:latest");
        container["imageID"]!.ToString().ShouldStartWith("docker.io/library/nginx@sha256:");
        container["containerID"]!.ToString().ShouldStartWith("containerd://");
        container["ready"]!.GetValue<bool>().ShouldBeTrue();
        container["started"]!.GetValue<bool>().ShouldBeTrue();
        container["restartCount"]!.GetValue<int>().ShouldBe(0);
        container["state"]!["running"]!["startedAt"].ShouldNotBeNull();
        cluster.EventsFor("web").Select(e => e["reason"]!.ToString()).ShouldBe(["Scheduled", "Pulling", "Pulled", "Created", "Started"], ignoreOrder: true);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_goes_from_ErrImagePull_to_ImagePullBackOff()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "registry.example.com/does-not-exist:1.0"));

        // ErrImagePull lasts one back-off step (100 ms here): a poll may miss it, so its Events prove it came first.
        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => ContainerStatus(p)?["state"]?["waiting"]?["reason"]?.ToString() == "ImagePullBackOff", "ImagePullBackOff");

        ContainerStatus(pod)!["state"]!["waiting"]!["message"]!.ToString().ShouldBe("Back-off pulling image \"registry.example.com/does-not-exist:1.0\"");
        pod!["status"]!["phase"]!.ToString().ShouldBe("Pending");
        TestCluster.Condition(pod, "Ready").ShouldBe("False");
        var failed = cluster.EventsFor("app", "Failed").Select(e => e["message"]!.ToString()).ToList();
        failed.ShouldContain("Error: ErrImagePull");
        failed.ShouldContain("Error: ImagePullBackOff");
        failed.ShouldContain(m => m.StartsWith("Failed to pull image \"registry.example.com/does-not-exist:1.0\": "));
        cluster.EventsFor("app", "BackOff").ShouldHaveSingleItem()["message"]!.ToString().ShouldBe("Back-off pulling image \"registry.example.com/does-not-exist:1.0\"");
    }

    [Fact]
    public async Task A_crashing_container_loops_with_its_exit_code_and_growing_restart_count()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "busybox:crashloop-exit-3"));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => ContainerStatus(p)?["restartCount"]?.GetValue<int>() >= 2, "two restarts");

        var container = ContainerStatus(pod)!;
        container["state"]!["waiting"]!["reason"]!.ToString().ShouldBe("CrashLoopBackOff");
        container["state"]!["waiting"]!["message"]!.ToString().ShouldContain("restarting failed container=app pod=app_default(");
        container["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(3);
        container["lastState"]!["terminated"]!["reason"]!.ToString().ShouldBe("Error");
        container["ready"]!.GetValue<bool>().ShouldBeFalse();
        pod!["status"]!["phase"]!.ToString().ShouldBe("Running");
        var backOff = cluster.EventsFor("app", "BackOff").ShouldHaveSingleItem();
        backOff["type"]!.ToString().ShouldBe("Warning");
        backOff["message"]!.ToString().ShouldStartWith("Back-off restarting failed container app in pod app_default(");
    }

    [Fact]
    public async Task An_oom_killed_container_reports_OOMKilled_and_137()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "example.com/oom:2"));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => ContainerStatus(p)?["state"]?["waiting"]?["reason"]?.ToString() == "CrashLoopBackOff", "CrashLoopBackOff after the OOM kill");

        var last = ContainerStatus(pod)!["lastState"]!["terminated"]!;
        last["reason"]!.ToString().ShouldBe("OOMKilled");
        last["exitCode"]!.GetValue<int>().ShouldBe(137);
    }

    [Fact]
    public async Task A_never_ready_container_runs_but_its_readiness_probe_fails()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "example.com/never-ready:1"));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => p?["status"]?["phase"]?.ToString() == "Running" && cluster.EventsFor("app", "Unhealthy").Count == 1, "a running, unhealthy pod");

        TestCluster.Condition(pod, "Ready").ShouldBe("False");
        TestCluster.Condition(pod, "Ready", "reason").ShouldBe("ContainersNotReady");
        TestCluster.Condition(pod, "Ready", "message").ShouldBe("containers with unready status: [app]");
        ContainerStatus(pod)!["started"]!.GetValue<bool>().ShouldBeTrue();
        var unhealthy = cluster.EventsFor("app", "Unhealthy").Single();
        unhealthy["type"]!.ToString().ShouldBe("Warning");
        unhealthy["message"]!.ToString().ShouldBe("Readiness probe failed: HTTP probe failed with statuscode: 503");
    }

    [Fact]
    public async Task A_slow_starting_container_is_running_before_it_is_ready()
    {
        // A window of seconds, not milliseconds: the poll must see the in-between state even on a loaded machine.
        await using var cluster = await TestCluster.StartAsync(slowStart: TimeSpan.FromSeconds(4));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "example.com/slow-start:1"));

        await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => p?["status"]?["phase"]?.ToString() == "Running" && TestCluster.Condition(p, "Ready") == "False", "running but not ready");
        await Eventually.Until(() => TestCluster.Condition(cluster.Get(BuiltinResources.Pods, "app"), "Ready") == "True", "ready at last");
    }

    [Fact]
    public async Task A_test_rule_overrides_the_built_in_behaviour()
    {
        await using var cluster = await TestCluster.StartAsync(rules: [new PodRule("mycorp/*", PodBehavior.CrashLoop, ExitCode: 42)]);
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "mycorp/api:1.0"));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => ContainerStatus(p)?["lastState"]?["terminated"] is not null, "a crash");
        ContainerStatus(pod)!["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(42);
    }

    [Theory]
    [InlineData("nginx", PodBehavior.Run)]
    [InlineData("example.com/pull-error", PodBehavior.ImagePullError)]
    [InlineData("bloom:1", PodBehavior.Run)]
    [InlineData("app:oom", PodBehavior.OOMKilled)]
    [InlineData("app:never-ready", PodBehavior.NeverReady)]
    [InlineData("busybox:crashloop", PodBehavior.CrashLoop)]
    public void Rules_match_images_by_word(string image, PodBehavior expected) =>
        PodRule.For(image, []).Behavior.ShouldBe(expected);
}
