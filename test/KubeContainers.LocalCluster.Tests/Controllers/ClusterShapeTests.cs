using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Storage;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers;

/// <summary>
/// The cluster's shape: by default a stock kind cluster with ingress-nginx (runc only, local-path WaitForFirstConsumer
/// without expansion, IngressClass nginx with an address); other shapes from a config file (--config).
/// </summary>
[ClusterTest]
public sealed class ClusterShapeTests
{
    private static string ConfigFile(string name) => Path.Combine(RepoRoot(), "test", "KubeContainers.LocalCluster", "configs", name);

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KubeContainers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("the repository root is not above the test's folder");
    }

    private static List<string> HandlerNames(JsonObject? node) =>
        (node?["status"]?["runtimeHandlers"] as JsonArray)?.Select(h => h!["name"]!.ToString()).ToList() ?? [];

    [Fact]
    public async Task The_default_storage_class_is_kinds_local_path_waiting_for_a_consumer_without_expansion()
    {
        await using var cluster = await TestCluster.StartAsync();

        var standard = cluster.List(BuiltinResources.StorageClasses).ShouldHaveSingleItem();
        standard["metadata"]!["name"]!.ToString().ShouldBe("standard");
        standard["metadata"]!["annotations"]!["storageclass.kubernetes.io/is-default-class"]!.ToString().ShouldBe("true");
        standard["provisioner"]!.ToString().ShouldBe("rancher.io/local-path");
        standard["volumeBindingMode"]!.ToString().ShouldBe("WaitForFirstConsumer");
        standard["reclaimPolicy"]!.ToString().ShouldBe("Delete");
        standard["allowVolumeExpansion"].ShouldBeNull();
    }

    [Fact]
    public async Task A_claim_of_a_wait_for_first_consumer_class_binds_only_when_a_pod_using_it_is_scheduled()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "data" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }
            """);
        var waiting = await Eventually.Until(() => cluster.EventsFor("data", "WaitForFirstConsumer"), e => e.Count > 0, "WaitForFirstConsumer");
        waiting[0]["message"]!.ToString().ShouldBe("waiting for first consumer to be created before binding");

        // A pod that cannot be scheduled is no consumer yet.
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("huge", "nginx",
            extraSpec: """ "volumes": [ { "name": "data", "persistentVolumeClaim": { "claimName": "data" } } ], """,
            resources: """{ "requests": { "cpu": "64" } }"""));
        await Eventually.Until(() => TestCluster.Condition(cluster.Get(BuiltinResources.Pods, "huge"), "PodScheduled") == "False", "unschedulable");
        // A claim created after that, once the volume controller has seen it, proves the controller also handled the
        // unschedulable pod before it (one loop, keys in the order of their changes).
        cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "later" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }
            """);
        await Eventually.Until(() => cluster.EventsFor("later", "WaitForFirstConsumer").Count > 0, "the later claim handled");
        cluster.Get(BuiltinResources.PersistentVolumeClaims, "data")!["status"]!["phase"]!.ToString().ShouldBe("Pending");
        cluster.Get(BuiltinResources.PersistentVolumeClaims, "data")!["spec"]!["volumeName"].ShouldBeNull();

        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx",
            extraSpec: """ "volumes": [ { "name": "data", "persistentVolumeClaim": { "claimName": "data" } } ], """));
        await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data")?["status"]?["phase"]?.ToString() == "Bound", "bound");
    }

    [Fact]
    public async Task A_local_path_volume_lives_on_the_node_of_its_first_consumer()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.PersistentVolumeClaims, """
            { "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "data" },
              "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }
            """);
        const string Volume = """ "volumes": [ { "name": "data", "persistentVolumeClaim": { "claimName": "data" } } ], """;
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("first", "nginx", extraSpec: Volume + """ "nodeSelector": { "kubernetes.io/hostname": "node-2" }, """));

        var claim = await Eventually.Until(() => cluster.Get(BuiltinResources.PersistentVolumeClaims, "data"), c => c?["status"]?["phase"]?.ToString() == "Bound", "bound");
        claim!["metadata"]!["annotations"]!["volume.kubernetes.io/selected-node"]!.ToString().ShouldBe("node-2");
        var volume = cluster.Get(BuiltinResources.PersistentVolumes, claim["spec"]!["volumeName"]!.ToString())!;
        volume["spec"]!["nodeAffinity"]!["required"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!["values"]![0]!.ToString().ShouldBe("node-2");

        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("elsewhere", "nginx", extraSpec: Volume + """ "nodeSelector": { "kubernetes.io/arch": "arm64" }, """));
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("anywhere", "nginx", extraSpec: Volume));

        var refused = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "elsewhere"), p => TestCluster.Condition(p, "PodScheduled") == "False", "unschedulable");
        TestCluster.Condition(refused, "PodScheduled", "message")!.ShouldStartWith(
            "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 node(s) didn't match Pod's node affinity/selector.");
        var placed = await Eventually.Until(() => cluster.Get(BuiltinResources.Pods, "anywhere"), p => p?["spec"]?["nodeName"] is not null, "scheduled");
        placed!["spec"]!["nodeName"]!.ToString().ShouldBe("node-2");
    }

    [Fact]
    public async Task The_gvisor_pool_config_runs_gvisor_on_every_node_and_kata_on_one()
    {
        await using var cluster = await StartAsync(ConfigFile("gvisor-pool.yaml"));

        var nodes = cluster.List(BuiltinResources.Nodes);
        nodes.Select(n => n["metadata"]!["name"]!.ToString()).ShouldBe(["gvisor-1", "gvisor-2", "gvisor-arm64", "gvisor-gpu", "gvisor-kata"], ignoreOrder: true);
        nodes.ShouldAllBe(n => HandlerNames(n).Contains("runsc"));
        nodes.Where(n => n["metadata"]!["name"]!.ToString() != "gvisor-kata").ShouldAllBe(n => HandlerNames(n).SequenceEqual(new[] { "", "runc", "runsc" }));
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "gvisor-kata")).ShouldBe(["", "kata-fc", "kata-qemu", "runc", "runsc"]);
        cluster.Get(BuiltinResources.Nodes, "gvisor-kata")!["metadata"]!["labels"]!["katacontainers.io/kata-runtime"]!.ToString().ShouldBe("true");
        cluster.Get(BuiltinResources.Nodes, "gvisor-arm64")!["metadata"]!["labels"]!["kubernetes.io/arch"]!.ToString().ShouldBe("arm64");
        cluster.Get(BuiltinResources.Nodes, "gvisor-gpu")!["status"]!["allocatable"]!["nvidia.com/gpu"]!.ToString().ShouldBe("2");

        cluster.Create(BuiltinResources.RuntimeClasses, """{ "apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": { "name": "gvisor" }, "handler": "runsc" }""");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: """ "runtimeClassName": "gvisor", """));
        await Eventually.Until(() => TestCluster.Condition(cluster.Get(BuiltinResources.Pods, "app"), "Ready") == "True", "a ready gVisor pod");
    }

    [Fact]
    public async Task Pools_taints_labels_kata_and_storage_classes_from_a_config()
    {
        await using var cluster = await StartAsync(ConfigFile("mixed-sandboxes.yaml"));

        cluster.List(BuiltinResources.Nodes).Select(n => n["metadata"]!["name"]!.ToString())
            .ShouldBe(["general-1", "general-2", "gvisor-1", "gvisor-2", "kata"], ignoreOrder: true);
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "general-1")).ShouldBe(["", "runc"]);
        HandlerNames(cluster.Get(BuiltinResources.Nodes, "kata")).ShouldBe(["", "kata-fc", "kata-qemu", "runc"]);
        var gvisor = cluster.Get(BuiltinResources.Nodes, "gvisor-1")!;
        gvisor["spec"]!["taints"]![0]!["key"]!.ToString().ShouldBe("sandbox.gke.io/runtime");
        gvisor["metadata"]!["labels"]!["sandbox.gke.io/runtime"]!.ToString().ShouldBe("gvisor");

        var expandable = cluster.Get(BuiltinResources.StorageClasses, "expandable")!;
        expandable["allowVolumeExpansion"]!.GetValue<bool>().ShouldBeTrue();
        expandable["volumeBindingMode"]!.ToString().ShouldBe("Immediate");
        expandable["provisioner"]!.ToString().ShouldBe("ebs.csi.aws.com");
        cluster.Get(BuiltinResources.StorageClasses, "standard")!["volumeBindingMode"]!.ToString().ShouldBe("WaitForFirstConsumer");
    }

    [Fact]
    public async Task Handlers_a_node_runs_without_reporting_them_start_sandboxes_as_on_kubernetes_1_30()
    {
        await using var cluster = await StartAsync(ConfigFile("kubernetes-1.30.yaml"));

        var nodes = cluster.List(BuiltinResources.Nodes);
        nodes.Count.ShouldBe(3);
        nodes.ShouldAllBe(n => n["status"]!["runtimeHandlers"] == null);

        cluster.Create(BuiltinResources.RuntimeClasses, """{ "apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": { "name": "gvisor" }, "handler": "runsc" }""");
        cluster.Create(BuiltinResources.Pods, TestCluster.Pod("app", "nginx", extraSpec: """ "runtimeClassName": "gvisor", """));
        await Eventually.Until(() => TestCluster.Condition(cluster.Get(BuiltinResources.Pods, "app"), "Ready") == "True", "a ready gVisor pod");
    }

    [Fact]
    public async Task An_ingress_controller_that_publishes_no_address_leaves_status_empty()
    {
        await using var cluster = await StartAsync(ConfigFile("kubernetes-1.30.yaml"));
        cluster.Create(BuiltinResources.Ingresses, """
            { "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": { "name": "web" },
              "spec": { "ingressClassName": "nginx", "defaultBackend": { "service": { "name": "web", "port": { "number": 80 } } } } }
            """);

        // The controller syncs the Ingress (its Event says so) but has no address to publish.
        await Eventually.Until(() => cluster.EventsFor("web", "Sync").Count > 0, "the controller's Sync");
        cluster.Get(BuiltinResources.Ingresses, "web")!["status"]?["loadBalancer"]?["ingress"].ShouldBeNull();
    }

    [Theory]
    [InlineData("nodePools:\n  - name: a\n    colour: red\n", "nodePools[0].colour: unknown field")]
    [InlineData("nodePools:\n  - count: 2\n", "nodePools[0].name: Required value")]
    [InlineData("nodePools:\n  - name: a\n    count: 0\n", "nodePools[0].count: Invalid value: 0: must be at least 1")]
    [InlineData("nodePools:\n  - name: a\n    arch: s390x\n", "nodePools[0].arch: Unsupported value: \"s390x\"")]
    [InlineData("nodePools:\n  - name: a\n  - name: a\n", "nodePools: Duplicate value: \"a\"")]
    [InlineData("storageClasses:\n  - name: s\n    volumeBindingMode: Later\n", "storageClasses[0].volumeBindingMode: Unsupported value: \"Later\"")]
    [InlineData("storageClasses:\n  - name: a\n    default: true\n  - name: b\n    default: true\n", "storageClasses: Invalid value: more than one class is the default")]
    [InlineData("ingress:\n  adress: 1.2.3.4\n", "ingress.adress: unknown field")]
    [InlineData("{ \"nodePools\": 3 }", "nodePools: must be a list")]
    [InlineData("loadBalancer: {}\n", "loadBalancer.addresses: Required value")]
    [InlineData("loadBalancer:\n  addresses: 172.18.255.0\n", "loadBalancer.addresses: Invalid value: \"172.18.255.0\": must be an IPv4 CIDR")]
    [InlineData("loadBalancer:\n  addresses: fd00::/120\n", "loadBalancer.addresses: Invalid value: \"fd00::/120\": must be an IPv4 CIDR")]
    public void A_bad_config_is_refused_naming_the_field(string text, string error)
    {
        var refused = Should.Throw<ArgumentException>(() => LocalClusterConfig.Parse(text, new LocalClusterOptions()));
        refused.Message.ShouldStartWith(error);
    }

    [Fact]
    public void A_json_config_reads_like_the_yaml_one()
    {
        var options = LocalClusterConfig.Parse("""{ "nodePools": [ { "name": "n", "count": 2, "runtimeHandlers": ["kata-fc"], "unreportedRuntimeHandlers": ["runsc"] } ], "ingress": { "address": "lb.example.com" } }""", new LocalClusterOptions());

        options.Nodes.Select(n => n.Name).ShouldBe(["n-1", "n-2"]);
        options.Nodes[0].RuntimeHandlers!.Select(h => h.Name).ShouldBe(["", "runc", "kata-fc"]);
        options.Nodes[0].UnreportedRuntimeHandlers.ShouldBe(["runsc"]);
        options.IngressAddress.ShouldBe("lb.example.com");
        options.StorageClasses.ShouldBe(StorageClassSpec.KindDefaults);
        options.LoadBalancerAddresses.ShouldBeNull("no load balancer controller unless the config names its addresses");
        LocalClusterConfig.Parse("loadBalancer:\n  addresses: 172.18.255.0/28\n", new LocalClusterOptions()).LoadBalancerAddresses.ShouldBe("172.18.255.0/28");
    }

    private static async Task<TestCluster> StartAsync(string config) =>
        await TestCluster.StartAsync(options: LocalClusterConfig.Load(config));
}
