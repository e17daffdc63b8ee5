using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Kubelet;

/// <summary>
/// The kubelet against what images really are: runAsNonRoot verified against the image's user (kuberuntime's
/// verifyRunAsNonRoot, its messages word for word), and probes answered by what the image serves.
/// </summary>
[ClusterTest]
public sealed class KubeletImageTests
{
    private static JsonObject? ContainerStatus(JsonObject? pod) => pod?["status"]?["containerStatuses"]?[0] as JsonObject;

    private static string? Waiting(JsonObject? pod, string field = "reason") => ContainerStatus(pod)?["state"]?["waiting"]?[field]?.ToString();

    private static string Pod(string name, string image, string podSecurity = "", string container = "") => $$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "securityContext": { {{podSecurity}} },
            "containers": [ { "name": "app", "image": "{{image}}" {{container}} } ]
          }
        }
        """;

    private static async Task<string> RefusedAsync(TestCluster cluster, string name)
    {
        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, name), p => Waiting(p) == "CreateContainerConfigError", "CreateContainerConfigError");
        pod!["status"]!["phase"]!.ToString().ShouldBe("Pending");
        ContainerStatus(pod)!["containerID"].ShouldBeNull();
        var message = Waiting(pod, "message")!;
        var failed = await Eventually.Until(() => cluster.EventsFor(name, "Failed"), e => e.Count > 0, "Failed Event");
        failed[0]["message"]!.ToString().ShouldBe($"Error: {message}");
        failed[0]["type"]!.ToString().ShouldBe("Warning");
        failed[0]["involvedObject"]!["fieldPath"]!.ToString().ShouldBe("spec.containers{app}");
        return message.Replace(pod["metadata"]!["uid"]!.ToString(), "UID", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_root_image_under_runAsNonRoot_is_refused_as_the_kubelet_refuses_it()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("root", "busybox:1.36", """ "runAsNonRoot": true """));

        (await RefusedAsync(cluster, "root")).ShouldBe("container has runAsNonRoot and image will run as root (pod: \"root_default(UID)\", container: app)");
    }

    [Fact]
    public async Task An_unknown_image_is_taken_as_root()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("unknown", "example.com/app:1", container: """, "securityContext": { "runAsNonRoot": true } """));

        (await RefusedAsync(cluster, "unknown")).ShouldBe("container has runAsNonRoot and image will run as root (pod: \"unknown_default(UID)\", container: app)");
    }

    [Fact]
    public async Task An_image_with_a_named_user_cannot_be_verified()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("podinfo", "ghcr.io/stefanprodan/podinfo:6.7.1", """ "runAsNonRoot": true """));

        (await RefusedAsync(cluster, "podinfo")).ShouldBe(
            "container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root (pod: \"podinfo_default(UID)\", container: app)");
    }

    [Fact]
    public async Task A_runAsUser_of_zero_breaks_the_policy_whatever_the_image()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("zero", "nginxinc/nginx-unprivileged:1.27", """ "runAsNonRoot": true """, """, "securityContext": { "runAsUser": 0 } """));

        (await RefusedAsync(cluster, "zero")).ShouldBe("container's runAsUser breaks non-root policy (pod: \"zero_default(UID)\", container: app)");
    }

    [Theory]
    [InlineData("numeric", "nginxinc/nginx-unprivileged:1.27", """ "runAsNonRoot": true """, "")]
    [InlineData("distroless", "gcr.io/distroless/static:nonroot", """ "runAsNonRoot": true """, "")]
    [InlineData("pod-user", "ghcr.io/stefanprodan/podinfo:6.7.1", """ "runAsNonRoot": true, "runAsUser": 65532 """, "")]
    [InlineData("container-user", "busybox", """ "runAsNonRoot": true """, """, "securityContext": { "runAsUser": 1000 } """)]
    [InlineData("no-policy", "busybox", "", "")]
    public async Task A_verifiable_non_root_user_or_no_policy_runs(string name, string image, string podSecurity, string container)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod(name, image, podSecurity, container));

        await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, name), p => TestCluster.Condition(p, "Ready") == "True", $"{name} Ready");
        cluster.EventsFor(name, "Failed").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_test_image_declares_its_own_user()
    {
        await using var cluster = await TestCluster.StartAsync(images: [new ImageMetadata("acme/*", User: "root")]);
        cluster.Create(BuiltinResources.Pods, Pod("acme", "registry.example.com/acme/api:1", """ "runAsNonRoot": true """));

        (await RefusedAsync(cluster, "acme")).ShouldBe(
            "container has runAsNonRoot and image has non-numeric user (root), cannot verify user is non-root (pod: \"acme_default(UID)\", container: app)");
    }

    private static string Probe(string kind, string action) =>
        $$""", "{{kind}}": { {{action}}, "periodSeconds": 1, "failureThreshold": 2 } """;

    [Theory]
    [InlineData("podinfo", "ghcr.io/stefanprodan/podinfo:6.7.1", """ "httpGet": { "path": "/readyz", "port": 9898 } """)]
    [InlineData("unprivileged", "nginxinc/nginx-unprivileged:1.27", """ "httpGet": { "path": "/", "port": 8080 } """)]
    [InlineData("redis", "redis:7", """ "tcpSocket": { "port": 6379 } """)]
    [InlineData("postgres", "postgres:16", """ "tcpSocket": { "port": 5432 } """)]
    [InlineData("exec", "busybox", """ "exec": { "command": ["true"] } """)]
    [InlineData("shell-exit-0", "busybox", """ "exec": { "command": ["/bin/sh", "-c", "exit 0"] } """)]
    [InlineData("grpc", "registry.k8s.io/etcd:3.5.15-0", """ "grpc": { "port": 2379 } """)]
    [InlineData("grpc-declared", "example.com/grpc-server:1", """ "grpc": { "port": 9090, "service": "api" } """)]
    public async Task A_probe_of_what_the_image_serves_succeeds(string name, string image, string action)
    {
        await using var cluster = await TestCluster.StartAsync();
        var ports = name == "grpc-declared" ? """, "ports": [ { "containerPort": 9090 } ] """ : "";
        cluster.Create(BuiltinResources.Pods, Pod(name, image, container: ports + Probe("readinessProbe", action) + Probe("livenessProbe", action)));

        await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, name), p => TestCluster.Condition(p, "Ready") == "True", $"{name} Ready");
        cluster.EventsFor(name, "Unhealthy").ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_image_answers_every_path_on_the_ports_its_container_declares()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("declared", "example.com/app:1",
            container: """, "ports": [ { "name": "http", "containerPort": 8080 } ] """ + Probe("readinessProbe", """ "httpGet": { "path": "/anything", "port": "http" } """)));
        cluster.Create(BuiltinResources.Pods, Pod("undeclared", "example.com/app:1",
            container: Probe("readinessProbe", """ "httpGet": { "path": "/health", "port": 8080 } """)));

        await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "declared"), p => TestCluster.Condition(p, "Ready") == "True", "declared Ready");
        var refused = await Eventually.Until(() => cluster.EventsFor("undeclared", "Unhealthy"), e => e.Count > 0, "Unhealthy");
        var ip = cluster.Get(BuiltinResources.Pods, "undeclared")!["status"]!["podIP"]!.ToString();
        refused[0]["message"]!.ToString().ShouldBe($"Readiness probe failed: Get \"http://{ip}:8080/health\": dial tcp {ip}:8080: connect: connection refused");
    }

    [Theory]
    [InlineData("""  "httpGet": { "path": "/health", "port": 80 } """, "HTTP probe failed with statuscode: 404")]
    [InlineData("""  "tcpSocket": { "port": 8080 } """, "dial tcp {ip}:8080: connect: connection refused")]
    public async Task A_readiness_probe_the_image_does_not_answer_keeps_the_pod_unready(string action, string output)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("web", "nginx:1.27", container: Probe("readinessProbe", action)));

        var unhealthy = await Eventually.Until(() => cluster.EventsFor("web", "Unhealthy"), e => e.Count > 0 && e[0]["count"]?.GetValue<long>() >= 2, "repeated Unhealthy");
        var pod = cluster.Get(BuiltinResources.Pods, "web")!;
        var ip = pod["status"]!["podIP"]!.ToString();
        unhealthy[0]["message"]!.ToString().ShouldBe("Readiness probe failed: " + output.Replace("{ip}", ip, StringComparison.Ordinal));
        pod["status"]!["phase"]!.ToString().ShouldBe("Running");
        TestCluster.Condition(pod, "Ready").ShouldBe("False");
        ContainerStatus(pod)!["ready"]!.GetValue<bool>().ShouldBeFalse();
        ContainerStatus(pod)!["restartCount"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData("nginx:1.27", """  "grpc": { "port": 80 } """, "failed: timeout: failed to connect service \"{ip}:80\" within 1s: context deadline exceeded")]
    [InlineData("registry.k8s.io/etcd:3.5.15-0", """  "grpc": { "port": 2379, "service": "kv" } """, "failed: error: health rpc probe failed: rpc error: code = NotFound desc = unknown service")]
    [InlineData("busybox:1.36", """  "exec": { "command": ["false"] } """, "failed: ")]
    [InlineData("busybox:1.36", """  "exec": { "command": ["sh", "-c", "exit 3"] } """, "failed: ")]
    [InlineData("gcr.io/distroless/static:nonroot", """  "exec": { "command": ["sh", "-c", "true"] } """,
        "errored and resulted in unknown state: rpc error: code = Unknown desc = failed to exec in container: failed to start exec \"*\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"sh\": executable file not found in $PATH: unknown")]
    public async Task A_grpc_or_exec_readiness_probe_that_does_not_pass_keeps_the_pod_unready(string image, string action, string outcome)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("app", image, container: Probe("readinessProbe", action)));

        var unhealthy = await Eventually.Until(() => cluster.EventsFor("app", "Unhealthy"), e => e.Count > 0, "Unhealthy");
        var pod = cluster.Get(BuiltinResources.Pods, "app")!;
        var expected = "Readiness probe " + outcome.Replace("{ip}", pod["status"]!["podIP"]!.ToString(), StringComparison.Ordinal);
        unhealthy[0]["message"]!.ToString().ShouldMatch("^" + System.Text.RegularExpressions.Regex.Escape(expected).Replace("\\*", ".+", StringComparison.Ordinal) + "$");
        TestCluster.Condition(pod, "Ready").ShouldBe("False");
    }

    [Theory]
    [InlineData("gcr.io/distroless/static:nonroot", """ "exec": { "command": ["/bin/sh", "-c", "true"] } """, false)]
    [InlineData("busybox:1.36", """ "exec": { "command": ["false"] } """, true)]
    public void An_errored_liveness_probe_never_kills_the_container_and_a_failed_one_does(string image, string action, bool killed)
    {
        // The container's timeline a minute after it started: a failing exec probe (period 1s, threshold 2) has
        // killed it; one the runtime cannot start has not (the kubelet's worker throws errored results away).
        var pod = System.Text.Json.Nodes.JsonNode.Parse(Pod("app", image, container: Probe("livenessProbe", action)))!.AsObject();
        pod["metadata"]!["uid"] = "uid-app";
        var container = pod["spec"]!["containers"]![0]!.AsObject();
        var timeline = new KubeContainers.LocalCluster.Controllers.Kubelet.ContainerTimeline(new LocalClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) }, pod, container, DateTimeOffset.UtcNow);

        var view = timeline.At(TimeSpan.FromMinutes(1));

        (view.RestartCount > 0).ShouldBe(killed, view.Stage);
    }

    [Fact]
    public async Task A_failing_liveness_probe_kills_and_restarts_the_container_into_CrashLoopBackOff()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("web", "nginxinc/nginx-unprivileged:1.27",
            container: Probe("livenessProbe", """ "httpGet": { "path": "/health", "port": 8080 } """)));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "web"),
            p => Waiting(p) == "CrashLoopBackOff" && ContainerStatus(p)!["restartCount"]!.GetValue<int>() >= 1, "CrashLoopBackOff", TimeSpan.FromSeconds(30));

        var last = ContainerStatus(pod)!["lastState"]!["terminated"]!;
        last["exitCode"]!.GetValue<int>().ShouldBe(137);
        last["reason"]!.ToString().ShouldBe("Error");
        cluster.EventsFor("web", "Unhealthy").Select(e => e["message"]!.ToString()).ShouldBe(["Liveness probe failed: HTTP probe failed with statuscode: 404"]);
        cluster.EventsFor("web", "Killing").Single()["message"]!.ToString().ShouldBe("Container app failed liveness probe, will be restarted");
        cluster.EventsFor("web", "BackOff").ShouldNotBeEmpty();
    }
}
