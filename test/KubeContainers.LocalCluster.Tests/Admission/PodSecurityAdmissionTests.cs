using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Controllers;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>Pod Security admission from namespace labels: pods refused, workloads warned, their pods refused as FailedCreate.</summary>
[ClusterTest]
public sealed class PodSecurityAdmissionTests
{
    private const string Violations =
        "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
        "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
        "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
        "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")";

    private static void Namespace(TestCluster cluster, string name, string labels) =>
        cluster.Create(BuiltinResources.Namespaces, $$"""{ "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "{{name}}", "labels": { {{labels}} } } }""");

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task Enforce_refuses_a_pod_with_upstreams_message_and_admits_a_compliant_one()
    {
        await using var cluster = await TestCluster.StartAsync();
        Namespace(cluster, "locked", "\"pod-security.kubernetes.io/enforce\": \"restricted\"");

        var error = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Pods, TestCluster.Pod("x", "nginx"), "locked"));

        error.Code.ShouldBe(403);
        error.Reason.ShouldBe("Forbidden");
        error.Message.ShouldBe($"pods \"x\" is forbidden: violates PodSecurity \"restricted:latest\": {Violations}");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("ok", "nginx", extraSpec: """
            "securityContext": { "runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": { "type": "RuntimeDefault" } },
            """).Replace("\"resources\": {}", "\"resources\": {}, \"securityContext\": { \"allowPrivilegeEscalation\": false, \"capabilities\": { \"drop\": [\"ALL\"] } }", StringComparison.Ordinal), "locked");
        cluster.Get(BuiltinResources.Pods, "ok", "locked").ShouldNotBeNull();
    }

    [Fact]
    public async Task Warn_admits_pods_and_workloads_with_a_warning_naming_the_level()
    {
        await using var cluster = await TestCluster.StartAsync();
        Namespace(cluster, "watched", "\"pod-security.kubernetes.io/warn\": \"restricted\", \"pod-security.kubernetes.io/warn-version\": \"v1.30\"");

        var podWrite = new WriteOptions("test");
        cluster.Api.Create(BuiltinResources.Pods, "watched", Parse(TestCluster.Pod("x", "nginx")), podWrite);
        var deploymentWrite = new WriteOptions("test");
        cluster.Api.Create(BuiltinResources.Deployments, "watched", Parse(TestCluster.Deployment("web", "nginx")), deploymentWrite);

        podWrite.Warnings.ShouldBe([$"would violate PodSecurity \"restricted:v1.30\": {Violations}"]);
        deploymentWrite.Warnings.ShouldBe([$"would violate PodSecurity \"restricted:v1.30\": {Violations}"]);
    }

    [Fact]
    public async Task Enforce_never_refuses_a_deployment_but_its_pods_fail_as_the_replicasets_failed_create()
    {
        await using var cluster = await TestCluster.StartAsync();
        Namespace(cluster, "locked", "\"pod-security.kubernetes.io/enforce\": \"baseline\"");
        var write = new WriteOptions("test");

        cluster.Api.Create(BuiltinResources.Deployments, "locked", Parse(TestCluster.Deployment("web", "nginx", replicas: 1, podSpec: "\"hostNetwork\": true,")), write);

        write.Warnings.ShouldBeEmpty();
        var failed = await Eventually.Until(() => cluster.List(BuiltinResources.Events, "locked").Where(e => e["reason"]?.ToString() == "FailedCreate").ToList(),
            e => e.Count > 0, "the replicaset's FailedCreate");
        var rs = cluster.List(BuiltinResources.ReplicaSets, "locked").ShouldHaveSingleItem();
        failed[0]["involvedObject"]!["name"]!.ToString().ShouldBe(rs.Name());
        failed[0]["message"]!.ToString().ShouldMatch(
            $"^Error creating: pods \"{rs.Name()}-[a-z0-9]{{5}}\" is forbidden: violates PodSecurity \"baseline:latest\": host namespaces \\(hostNetwork\\)$");
        cluster.List(BuiltinResources.Pods, "locked").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_jobs_refused_pod_shows_as_the_jobs_failed_create()
    {
        await using var cluster = await TestCluster.StartAsync();
        Namespace(cluster, "locked", "\"pod-security.kubernetes.io/enforce\": \"restricted\"");

        cluster.Create(BuiltinResources.Jobs, """
            { "apiVersion": "batch/v1", "kind": "Job", "metadata": { "name": "once" },
              "spec": { "template": { "spec": { "restartPolicy": "Never", "containers": [ { "name": "app", "image": "busybox" } ] } } } }
            """, "locked");

        var failed = await Eventually.Until(() => cluster.EventsFor("once", "FailedCreate", "locked"), e => e.Count > 0, "the job's FailedCreate");
        failed[0]["message"]!.ToString().ShouldStartWith("Error creating: pods \"once-");
        failed[0]["message"]!.ToString().ShouldEndWith($"\" is forbidden: violates PodSecurity \"restricted:latest\": {Violations}");
    }

    [Fact]
    public async Task Malformed_labels_make_the_namespace_invalid()
    {
        await using var cluster = await TestCluster.StartAsync();

        var error = Should.Throw<ApiException>(() => Namespace(cluster, "typo", "\"pod-security.kubernetes.io/enforce\": \"strict\""));

        error.Code.ShouldBe(422);
        error.Message.ShouldBe("Namespace \"typo\" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted");
    }

    [Fact]
    public async Task Tightening_enforce_warns_about_existing_pods_which_may_still_be_relabelled()
    {
        await using var cluster = await TestCluster.StartAsync();
        Namespace(cluster, "open", "\"team\": \"a\"");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("a", "nginx", extraSpec: "\"hostPID\": true,"), "open");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("b", "nginx", extraSpec: "\"hostPID\": true,"), "open");

        var ns = cluster.Get(BuiltinResources.Namespaces, "open")!;
        ns["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"] = "baseline";
        var write = new WriteOptions("test");
        cluster.Api.Update(BuiltinResources.Namespaces, null, "open", ns, null, write);

        write.Warnings.ShouldBe([
            "existing pods in namespace \"open\" violate the new PodSecurity enforce level \"baseline:latest\"",
            "a (and 1 other pod): host namespaces",
        ]);
        // An update that changes no image is not re-checked, as upstream: the existing pod stays writable.
        // Unconditional writes (no resourceVersion): the simulated scheduler and kubelet write the pod meanwhile, and
        // what is tested here is admission, not a conflict.
        var pod = cluster.Get(BuiltinResources.Pods, "a", "open")!;
        pod["metadata"]!["labels"]!["touched"] = "yes";
        pod["metadata"]!.AsObject().Remove("resourceVersion");
        cluster.Update(BuiltinResources.Pods, pod);
        pod = cluster.Get(BuiltinResources.Pods, "a", "open")!;
        pod["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        pod["metadata"]!.AsObject().Remove("resourceVersion");
        Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.Pods, pod)).Code.ShouldBe(403);
    }
}
