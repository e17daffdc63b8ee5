using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Kubelet;

/// <summary>
/// Secrets and ConfigMaps a container needs, as the kubelet treats them: a missing object or key named by env
/// (valueFrom) or envFrom keeps the container waiting in CreateContainerConfigError with Warning Failed events until it
/// appears; optional references never block; a missing imagePullSecret is only reported.
/// </summary>
[ClusterTest]
public sealed class ConfigReferenceTests
{
    private static JsonObject? ContainerStatus(JsonObject? pod, string name = "app") =>
        (pod?["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["name"]?.ToString() == name);

    private static string? Waiting(JsonObject? pod, string field = "reason", string name = "app") =>
        ContainerStatus(pod, name)?["state"]?["waiting"]?[field]?.ToString();

    /// <summary>A pod whose one container "app" (nginx) has the given env / envFrom fields.</summary>
    private static string Pod(string name, string containerFields, string podFields = "") => $$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "{{name}}" },
          "spec": { {{podFields}} "containers": [ { "name": "app", "image": "nginx", {{containerFields}} } ] }
        }
        """;

    private static string Secret(string name, string data = """ "password": "czNjcjN0" """) => $$"""
        { "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "{{name}}" }, "type": "Opaque", "data": { {{data}} } }
        """;

    private static string ConfigMap(string name, string data) => $$"""
        { "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "{{name}}" }, "data": { {{data}} } }
        """;

    private const string SecretKeyRef = """
        "env": [ { "name": "PASSWORD", "valueFrom": { "secretKeyRef": { "name": "db", "key": "password" } } } ]
        """;

    private static Task<JsonObject?> ReadyPod(TestCluster cluster, string name) =>
        Eventually.Until(() => cluster.Get(BuiltinResources.Pods, name), p => TestCluster.Condition(p, "Ready") == "True", $"{name} ready");

    [Fact]
    public async Task A_missing_secret_keeps_the_container_in_CreateContainerConfigError_until_it_is_created()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("app", SecretKeyRef));

        // The kubelet retries with back-off: the Failed event is aggregated, its count grows.
        var failed = await Eventually.Until(() => cluster.EventsFor("app", "Failed"),
            e => e.Count == 1 && e[0]["count"]?.GetValue<long>() >= 2, "Failed repeated");
        var failedEvent = failed.Single();
        failedEvent["type"]!.ToString().ShouldBe("Warning");
        failedEvent["message"]!.ToString().ShouldBe("Error: secret \"db\" not found");
        failedEvent["involvedObject"]!["fieldPath"]!.ToString().ShouldBe("spec.containers{app}");
        failedEvent["source"]!["component"]!.ToString().ShouldBe("kubelet");

        var pod = cluster.Get(BuiltinResources.Pods, "app")!;
        failedEvent["source"]!["host"]!.ToString().ShouldBe(pod["spec"]!["nodeName"]!.ToString());
        pod["status"]!["phase"]!.ToString().ShouldBe("Pending");
        pod["status"]!["podIP"]!.ToString().ShouldStartWith("10.244.");
        TestCluster.Condition(pod, "PodScheduled").ShouldBe("True");
        TestCluster.Condition(pod, "PodReadyToStartContainers").ShouldBe("True");
        TestCluster.Condition(pod, "Ready").ShouldBe("False");
        TestCluster.Condition(pod, "Ready", "message").ShouldBe("containers with unready status: [app]");
        Waiting(pod).ShouldBe("CreateContainerConfigError");
        Waiting(pod, "message").ShouldBe("secret \"db\" not found");
        var container = ContainerStatus(pod)!;
        container["ready"]!.GetValue<bool>().ShouldBeFalse();
        container["started"]!.GetValue<bool>().ShouldBeFalse();
        container["containerID"].ShouldBeNull();
        cluster.EventsFor("app", "Started").ShouldBeEmpty();

        // Level-based: creating the Secret lets the next pass create the container, and its timeline starts then.
        cluster.Create(BuiltinResources.Secrets, Secret("db"));
        var ready = await ReadyPod(cluster, "app");
        ready!["status"]!["phase"]!.ToString().ShouldBe("Running");
        ContainerStatus(ready)!["state"]!["running"].ShouldNotBeNull();
        cluster.EventsFor("app", "Started").ShouldHaveSingleItem();
        cluster.EventsFor("app", "Failed").ShouldHaveSingleItem()["message"]!.ToString().ShouldBe("Error: secret \"db\" not found");
    }

    [Fact]
    public async Task A_missing_key_names_the_key_and_the_secret_until_the_secret_gains_it()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Secrets, Secret("db", """ "username": "YWRtaW4=" """));
        cluster.Create(BuiltinResources.Secrets, Secret("db"), ns: "kube-system");
        cluster.Create(BuiltinResources.Pods, Pod("app", SecretKeyRef));

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"), p => Waiting(p) == "CreateContainerConfigError", "CreateContainerConfigError");
        Waiting(pod, "message").ShouldBe("couldn't find key password in Secret default/db");
        await Eventually.Until(() => cluster.EventsFor("app", "Failed").Any(e => e["message"]!.ToString() == "Error: couldn't find key password in Secret default/db"),
            "the Failed event");

        var secret = cluster.Get(BuiltinResources.Secrets, "db")!;
        secret["data"]!["password"] = "czNjcjN0";
        cluster.Update(BuiltinResources.Secrets, secret);
        (await ReadyPod(cluster, "app"))!["status"]!["phase"]!.ToString().ShouldBe("Running");
    }

    [Fact]
    public async Task ConfigMap_references_report_the_configmap_then_the_key()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("app", """
            "env": [ { "name": "LEVEL", "valueFrom": { "configMapKeyRef": { "name": "settings", "key": "level" } } } ]
            """));

        await Eventually.Until(() => Waiting(cluster.Get(BuiltinResources.Pods, "app"), "message") == "configmap \"settings\" not found", "the missing ConfigMap");
        await Eventually.Until(() => cluster.EventsFor("app", "Failed").Any(e => e["message"]!.ToString() == "Error: configmap \"settings\" not found"), "its Failed event");

        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("settings", """ "other": "x" """));
        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => Waiting(p, "message") == "couldn't find key level in ConfigMap default/settings", "the missing key");
        Waiting(pod).ShouldBe("CreateContainerConfigError");
        await Eventually.Until(() => cluster.EventsFor("app", "Failed").Any(e => e["message"]!.ToString() == "Error: couldn't find key level in ConfigMap default/settings"),
            "the missing key's Failed event");

        var configMap = cluster.Get(BuiltinResources.ConfigMaps, "settings")!;
        configMap["data"]!["level"] = "debug";
        cluster.Update(BuiltinResources.ConfigMaps, configMap);
        await ReadyPod(cluster, "app");
    }

    [Theory]
    [InlineData("secretRef", "secret \"bundle\" not found")]
    [InlineData("configMapRef", "configmap \"bundle\" not found")]
    public async Task EnvFrom_needs_the_whole_object(string field, string message)
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, Pod("app", $$""" "envFrom": [ { "{{field}}": { "name": "bundle" } } ] """));

        await Eventually.Until(() => Waiting(cluster.Get(BuiltinResources.Pods, "app"), "message") == message, message);
        await Eventually.Until(() => cluster.EventsFor("app", "Failed").Any(e => e["message"]!.ToString() == "Error: " + message), "the Failed event");

        if (field == "secretRef")
        {
            cluster.Create(BuiltinResources.Secrets, Secret("bundle"));
        }
        else
        {
            cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("bundle", """ "a": "b" """));
        }

        await ReadyPod(cluster, "app");
    }

    [Fact]
    public async Task Optional_references_never_block()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("present", """ "a": "b" """));
        cluster.Create(BuiltinResources.Pods, Pod("app", """
            "env": [
              { "name": "PASSWORD", "valueFrom": { "secretKeyRef": { "name": "db", "key": "password", "optional": true } } },
              { "name": "LEVEL", "valueFrom": { "configMapKeyRef": { "name": "present", "key": "missing", "optional": true } } }
            ],
            "envFrom": [ { "secretRef": { "name": "bundle", "optional": true } }, { "configMapRef": { "name": "other", "optional": true } } ]
            """));

        var pod = await ReadyPod(cluster, "app");

        pod!["status"]!["phase"]!.ToString().ShouldBe("Running");
        cluster.EventsFor("app", "Failed").ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_the_container_with_a_missing_reference_waits()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, """
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": { "name": "app" },
              "spec": { "containers": [
                { "name": "app", "image": "nginx" },
                { "name": "sidecar", "image": "busybox", "envFrom": [ { "secretRef": { "name": "db" } } ] }
              ] }
            }
            """);

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => ContainerStatus(p)?["ready"]?.GetValue<bool>() == true && Waiting(p, name: "sidecar") == "CreateContainerConfigError", "app running, sidecar waiting");

        pod!["status"]!["phase"]!.ToString().ShouldBe("Pending");
        TestCluster.Condition(pod, "Ready", "message").ShouldBe("containers with unready status: [sidecar]");
        cluster.EventsFor("app", "Failed").ShouldAllBe(e => e["involvedObject"]!["fieldPath"]!.ToString() == "spec.containers{sidecar}");
        cluster.EventsFor("app", "Started").ShouldHaveSingleItem()["message"]!.ToString().ShouldBe("Started container app");

        cluster.Create(BuiltinResources.Secrets, Secret("db"));
        await ReadyPod(cluster, "app");
    }

    [Fact]
    public async Task An_init_container_with_a_missing_secret_holds_the_pod_in_initialization()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Pods, """
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": { "name": "app" },
              "spec": {
                "initContainers": [
                  { "name": "first", "image": "busybox" },
                  { "name": "migrate", "image": "busybox", "env": [ { "name": "P", "valueFrom": { "secretKeyRef": { "name": "db", "key": "password" } } } ] },
                  { "name": "last", "image": "busybox" }
                ],
                "containers": [ { "name": "app", "image": "nginx" } ]
              }
            }
            """);

        var pod = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "app"),
            p => p?["status"]?["initContainerStatuses"]?[1]?["state"]?["waiting"]?["reason"]?.ToString() == "CreateContainerConfigError", "the init container waiting");

        var inits = pod!["status"]!["initContainerStatuses"]!.AsArray();
        inits[0]!["state"]!["terminated"]!["reason"]!.ToString().ShouldBe("Completed");
        inits[1]!["state"]!["waiting"]!["message"]!.ToString().ShouldBe("secret \"db\" not found");
        inits[2]!["state"]!["waiting"]!["reason"]!.ToString().ShouldBe("PodInitializing");
        Waiting(pod).ShouldBe("PodInitializing");
        pod["status"]!["phase"]!.ToString().ShouldBe("Pending");
        TestCluster.Condition(pod, "Initialized").ShouldBe("False");
        TestCluster.Condition(pod, "Initialized", "message").ShouldBe("containers with incomplete status: [migrate last]");
        TestCluster.Condition(pod, "PodReadyToStartContainers").ShouldBe("True");
        var failed = await Eventually.Until(() => cluster.EventsFor("app", "Failed"), e => e.Count > 0, "the Failed event");
        failed.ShouldHaveSingleItem()["involvedObject"]!["fieldPath"]!.ToString().ShouldBe("spec.initContainers{migrate}");
        failed[0]["message"]!.ToString().ShouldBe("Error: secret \"db\" not found");

        cluster.Create(BuiltinResources.Secrets, Secret("db"));
        var ready = await ReadyPod(cluster, "app");
        TestCluster.Condition(ready, "Initialized").ShouldBe("True");
        ready!["status"]!["initContainerStatuses"]!.AsArray().ShouldAllBe(s => s!["state"]!["terminated"]!["reason"]!.ToString() == "Completed");
    }

    [Fact]
    public async Task A_missing_image_pull_secret_is_reported_and_the_pod_runs_anyway()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Secrets, Secret("present"));
        cluster.Create(BuiltinResources.Pods, Pod("app", """ "imagePullPolicy": "IfNotPresent" """,
            """ "imagePullSecrets": [ { "name": "zeta" }, { "name": "present" }, { "name": "alpha" } ], """));

        var pod = await ReadyPod(cluster, "app");

        pod!["status"]!["phase"]!.ToString().ShouldBe("Running");
        var warning = cluster.EventsFor("app", "FailedToRetrieveImagePullSecret").ShouldHaveSingleItem();
        warning["type"]!.ToString().ShouldBe("Warning");
        warning["message"]!.ToString().ShouldBe("Unable to retrieve some image pull secrets (alpha, zeta); attempting to pull the image may not succeed.");
        warning["involvedObject"]!["fieldPath"].ShouldBeNull();
        warning["source"]!["component"]!.ToString().ShouldBe("kubelet");
        cluster.EventsFor("app", "Failed").ShouldBeEmpty();
    }

    [Fact]
    public async Task Image_pull_secrets_that_exist_are_not_reported()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Secrets, Secret("registry"));
        cluster.Create(BuiltinResources.Pods, Pod("app", """ "imagePullPolicy": "IfNotPresent" """, """ "imagePullSecrets": [ { "name": "registry" } ], """));

        await ReadyPod(cluster, "app");

        cluster.EventsFor("app", "FailedToRetrieveImagePullSecret").ShouldBeEmpty();
    }
}
