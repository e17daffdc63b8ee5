using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary>What <c>helm template</c> renders: valid Kubernetes, hardened, leader election when needed.</summary>
[ClusterTest]
public sealed class ChartTemplateTests
{
    /// <summary>Every optional object switched on, and every value that changes a template's shape.</summary>
    private static readonly string[] EverythingOn =
    [
        "--set=replicaCount=3",
        "--set=leaderElection.namespace=kubecontainers-leases",
        "--set=serviceMonitor.enabled=true",
        "--set=operator.tlsIssuer=letsencrypt",
        "--set=operator.watchNamespaces={team-a,team-b}",
        "--set=operator.allowedDomains={example.com}",
        "--set=operator.sandboxes.gvisor.handler=runsc",
        "--set=operator.sandboxes.none.handler=",
        "--set=operator.dnsPodLabels.k8s-app=coredns",
        "--set=image.digest=sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "--set-json=networkPolicy.ingressFrom=[{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"monitoring\"}}}]",
        "--set-json=imagePullSecrets=[{\"name\":\"registry\"}]",
    ];

    public static TheoryData<string, string[]> ValueSets => new()
    {
        { "default values", [] },
        { "leader election", ["--set=replicaCount=2"] },
        { "everything on", EverythingOn },
    };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Rendered_objects_pass_the_upstream_Kubernetes_schema(string name, string[] flags)
    {
        var objects = await Helm.TemplateAsync(flags);

        // kubernetes-models knows Kubernetes' own kinds; the ServiceMonitor is prometheus-operator's (checked below).
        var (exitCode, output) = UpstreamSchema.Validate(objects.Where(o => o["apiVersion"]!.GetValue<string>() != "monitoring.coreos.com/v1"));

        exitCode.ShouldBe(0, $"{name}:\n{output}");
    }

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task The_operator_runs_hardened(string name, string[] flags)
    {
        var deployment = (await Helm.TemplateAsync(flags)).OneOf("Deployment");

        OperatorDeployment.ShouldBeHardened(deployment);
        deployment["metadata"]!["namespace"]!.GetValue<string>().ShouldBe(Helm.Namespace, name);
    }

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, false, true)]
    [InlineData(1, true, true)]
    [InlineData(0, false, false)]
    public async Task Leader_election_is_on_when_asked_for_or_when_more_than_one_replica_runs(int replicas, bool enabled, bool expected)
    {
        var objects = await Helm.TemplateAsync($"--set=replicaCount={replicas}", $"--set=leaderElection.enabled={enabled.ToString().ToLowerInvariant()}");
        var deployment = objects.OneOf("Deployment");

        OperatorDeployment.Flag(deployment, "leader-election").ShouldBe(expected ? "true" : "false");
        deployment["spec"]!["strategy"]!["type"]!.GetValue<string>().ShouldBe(expected ? "RollingUpdate" : "Recreate");
        objects.OfKind("Role").Count().ShouldBe(expected ? 1 : 0);
        objects.OfKind("RoleBinding").Count().ShouldBe(expected ? 1 : 0);
    }

    [Fact]
    public async Task The_lease_role_lives_where_the_lease_does()
    {
        var objects = await Helm.TemplateAsync("--set=replicaCount=2", "--set=leaderElection.namespace=leases");

        objects.OneOf("Role")["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("leases");
        objects.OneOf("RoleBinding")["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("leases");
        OperatorDeployment.Flag(objects.OneOf("Deployment"), "leader-election-namespace").ShouldBe("leases");
    }

    [Fact]
    public async Task The_metrics_service_and_service_monitor_point_at_the_metrics_port()
    {
        var objects = await Helm.TemplateAsync("--set=serviceMonitor.enabled=true", "--set=operator.metricsPort=9090");
        var service = objects.OneOf("Service");
        var monitor = objects.OneOf("ServiceMonitor");
        var deployment = objects.OneOf("Deployment");

        service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<string>().ShouldBe("metrics");
        service["spec"]!["selector"]!.ToJsonString().ShouldBe(deployment["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
        OperatorDeployment.Flag(deployment, "metrics-port").ShouldBe("9090");
        monitor["spec"]!["endpoints"]![0]!["port"]!.GetValue<string>().ShouldBe("metrics");
        monitor["spec"]!["endpoints"]![0]!["path"]!.GetValue<string>().ShouldBe("/metrics");
        monitor["spec"]!["selector"]!["matchLabels"]!.ToJsonString().ShouldBe(service["spec"]!["selector"]!.ToJsonString());
        (await Helm.TemplateAsync()).OfKind("ServiceMonitor").ShouldBeEmpty("the ServiceMonitor is off by default");
    }

    [Fact]
    public async Task The_network_policy_lets_in_only_metrics_and_health_and_out_only_dns_and_the_api_server()
    {
        var objects = await Helm.TemplateAsync();
        var policy = objects.OneOf("NetworkPolicy");
        var spec = policy["spec"]!;

        spec["podSelector"]!["matchLabels"]!.ToJsonString().ShouldBe(objects.OneOf("Deployment")["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
        spec["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["Ingress", "Egress"], ignoreOrder: true);
        var ingress = spec["ingress"]!.AsArray().ShouldHaveSingleItem()!;
        ingress["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<string>()).ShouldBe(["metrics", "health"], ignoreOrder: true);
        var egressPorts = spec["egress"]!.AsArray().SelectMany(e => e!["ports"]!.AsArray()).Select(p => p!["port"]!.ToJsonString()).Distinct();
        egressPorts.ShouldBe(["53", "443", "6443"], ignoreOrder: true);
        var dns = spec["egress"]![0]!["to"]![0]!;
        dns["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]!.GetValue<string>().ShouldBe("kube-system");
        dns["podSelector"]!["matchLabels"]!["k8s-app"]!.GetValue<string>().ShouldBe("kube-dns");
    }

    [Fact]
    public async Task Sandbox_profiles_reach_the_operator_as_appsettings_and_roll_the_pods_when_they_change()
    {
        var first = await Helm.TemplateAsync("--set=operator.sandboxes.gvisor.handler=runsc");
        var second = await Helm.TemplateAsync("--set=operator.sandboxes.gvisor.handler=runsc-debug");
        var deployment = first.OneOf("Deployment");
        var mount = OperatorDeployment.Container(deployment)["volumeMounts"]!.AsArray()
            .Single(m => m!["name"]!.GetValue<string>() == "appsettings")!;

        mount["mountPath"]!.GetValue<string>().ShouldBe("/app/appsettings.json");
        first.OneOf("ConfigMap")["data"]!["appsettings.json"].ShouldNotBeNull();
        Checksum(deployment).ShouldNotBe(Checksum(second.OneOf("Deployment")));
        (await Helm.TemplateAsync()).OfKind("ConfigMap").ShouldBeEmpty("no ConfigMap without settings that need one");
    }

    [Fact]
    public async Task The_chart_carries_the_generated_crd_unchanged()
    {
        var generated = File.ReadAllText(RepoPaths.File("crds/kubecontainers.io_managedcontainers.yaml"));
        var copy = RepoPaths.File("charts/kubecontainers/crds/kubecontainers.io_managedcontainers.yaml");

        File.Exists(copy).ShouldBeTrue("run `make chart-crds`");
        File.ReadAllText(copy).ShouldBe(generated, "charts/kubecontainers/crds/ drifted from crds/: run `make chart-crds`");
        Directory.GetFiles(RepoPaths.File("charts/kubecontainers/crds")).Select(Path.GetFileName)
            .ShouldBe(Directory.GetFiles(RepoPaths.File("crds"), "*.yaml").Select(Path.GetFileName), ignoreOrder: true);
    }

    private static string Checksum(JsonObject deployment) =>
        deployment["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/appsettings"]!.GetValue<string>();
}
