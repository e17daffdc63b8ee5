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
        "--set=podDisruptionBudget.enabled=true",
        "--set=deploymentAnnotations.owner=platform",
    ];

    public static TheoryData<string, string[]> ValueSets => new()
    {
        { "default values", [] },
        { "leader election", ["--set=replicaCount=2"] },
        { "everything on", EverythingOn },
        { "service monitor options", ServiceMonitorOptions },
        { "extras", ExtrasOptions },
        { "pod disruption budget by percentage", ["--set=replicaCount=3", "--set=podDisruptionBudget.maxUnavailable=50%"] },
        { "no crds", ["--set=crds.install=false", "--set=crds.keep=false"] },
        { "alerts and dashboard", MonitoringQueries.EverythingOn },
        { "alerts and dashboard options", MonitoringTests.Options },
    };

    [Theory]
    [MemberData(nameof(ValueSets))]
    public async Task Rendered_objects_pass_the_upstream_Kubernetes_schema(string name, string[] flags)
    {
        var objects = await Helm.TemplateAsync(flags);

        // Kubernetes' own kinds against kubernetes-models, the ServiceMonitor and PrometheusRule against
        // @kubernetes-models/prometheus-operator.
        var (exitCode, output) = UpstreamSchema.Validate(objects);

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
    public async Task The_chart_carries_every_generated_crd_unchanged_as_a_template()
    {
        var rendered = (await Helm.TemplateAsync()).OfKind("CustomResourceDefinition").ToList();
        var generated = Directory.GetFiles(RepoPaths.File("crds"), "*.yaml").Order(StringComparer.Ordinal).ToList();

        Directory.GetFiles(RepoPaths.File("charts/kubecontainers/templates/crds")).Select(Path.GetFileName)
            .ShouldBe(generated.Select(Path.GetFileName), ignoreOrder: true, "run `make chart-crds`");
        Directory.Exists(RepoPaths.File("charts/kubecontainers/crds")).ShouldBeFalse("Helm never upgrades crds/: the CRDs are templates");
        rendered.Count.ShouldBe(generated.Count);
        foreach (var file in generated)
        {
            var crd = Manifests.Parse(File.ReadAllText(file)).ShouldHaveSingleItem();
            var name = crd["metadata"]!["name"]!.GetValue<string>();
            var chart = rendered.Single(o => o["metadata"]!["name"]!.GetValue<string>() == name);
            // The template adds only labels and the keep annotation to what CrdGen wrote.
            var bare = chart.DeepClone().AsObject();
            bare["metadata"]!.AsObject().Remove("labels");
            bare["metadata"]!.AsObject().Remove("annotations");
            JsonNode.DeepEquals(bare, crd).ShouldBeTrue($"the chart's {name} drifted from {Path.GetFileName(file)}: run `make chart-crds`");
            chart["metadata"]!["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>().ShouldBe("keep");
            chart["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]!.GetValue<string>().ShouldBe("Helm");
        }
    }

    [Fact]
    public async Task Crds_install_and_keep_switch_the_crds_and_their_annotation()
    {
        (await Helm.TemplateAsync("--set=crds.install=false")).OfKind("CustomResourceDefinition").ShouldBeEmpty();
        var unkept = (await Helm.TemplateAsync("--set=crds.keep=false")).OfKind("CustomResourceDefinition").ToList();

        unkept.Count.ShouldBe(2);
        unkept.ShouldAllBe(crd => crd["metadata"]!["annotations"] == null);
    }

    [Theory]
    [InlineData(1, "auto", null)]
    [InlineData(2, "auto", "minAvailable=1")]
    [InlineData(3, "false", null)]
    [InlineData(1, "true", "minAvailable=1")]
    public async Task A_pod_disruption_budget_guards_the_operator_when_more_than_one_runs(int replicas, string enabled, string? expected)
    {
        var objects = await Helm.TemplateAsync($"--set=replicaCount={replicas}", $"--set=podDisruptionBudget.enabled={enabled}");

        var budgets = objects.OfKind("PodDisruptionBudget").ToList();
        if (expected is null)
        {
            budgets.ShouldBeEmpty();
            return;
        }

        var spec = budgets.ShouldHaveSingleItem()["spec"]!;
        $"minAvailable={spec["minAvailable"]}".ShouldBe(expected);
        spec["selector"]!["matchLabels"]!.ToJsonString().ShouldBe(objects.OneOf("Deployment")["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
    }

    [Fact]
    public async Task Max_unavailable_wins_over_min_available()
    {
        var spec = (await Helm.TemplateAsync("--set=replicaCount=3", "--set=podDisruptionBudget.maxUnavailable=50%")).OneOf("PodDisruptionBudget")["spec"]!;

        spec["maxUnavailable"]!.GetValue<string>().ShouldBe("50%");
        spec["minAvailable"].ShouldBeNull();
    }

    [Fact]
    public async Task The_lease_is_named_after_the_release_and_the_role_grants_that_lease_only()
    {
        var objects = await Helm.TemplateAsync("--set=replicaCount=2", "--set=fullnameOverride=team-a-operator");
        var leaseRule = objects.OneOf("Role")["rules"]!.AsArray().Single(r => r!["resourceNames"] is not null)!;

        OperatorDeployment.Flag(objects.OneOf("Deployment"), "leader-election-id").ShouldBe("team-a-operator");
        leaseRule["resourceNames"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["team-a-operator"]);
        OperatorDeployment.Flag((await Helm.TemplateAsync()).OneOf("Deployment"), "leader-election-id").ShouldBe("kc-kubecontainers");
    }

    [Fact]
    public async Task The_service_monitor_carries_every_scrape_option()
    {
        var monitor = (await Helm.TemplateAsync(ServiceMonitorOptions)).OneOf("ServiceMonitor");
        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().ShouldHaveSingleItem()!;

        monitor["metadata"]!["namespace"]!.GetValue<string>().ShouldBe("monitoring");
        monitor["metadata"]!["labels"]!["release"]!.GetValue<string>().ShouldBe("kube-prometheus-stack");
        monitor["spec"]!["namespaceSelector"]!["matchNames"]![0]!.GetValue<string>().ShouldBe(Helm.Namespace, "the Service stays in the release's namespace");
        endpoint["interval"]!.GetValue<string>().ShouldBe("15s");
        endpoint["scrapeTimeout"]!.GetValue<string>().ShouldBe("5s");
        endpoint["scheme"]!.GetValue<string>().ShouldBe("https");
        endpoint["tlsConfig"]!["serverName"]!.GetValue<string>().ShouldBe("kc-kubecontainers-metrics");
        endpoint["relabelings"]![0]!["targetLabel"]!.GetValue<string>().ShouldBe("cluster");
        endpoint["metricRelabelings"]![0]!["action"]!.GetValue<string>().ShouldBe("drop");
    }

    [Fact]
    public async Task Extra_objects_volumes_mounts_and_annotations_reach_the_release()
    {
        var objects = await Helm.TemplateAsync(ExtrasOptions);
        var deployment = objects.OneOf("Deployment");
        var extra = objects.Where(o => Manifests.Kind(o) == "ConfigMap" && o["metadata"]!["name"]!.GetValue<string>() == "kc-ca").ShouldHaveSingleItem();

        extra["data"]!["release"]!.GetValue<string>().ShouldBe("kc", "extraObjects are templates");
        objects.OfKind("Secret").ShouldHaveSingleItem()["metadata"]!["name"]!.GetValue<string>().ShouldBe("kc-token");
        deployment["metadata"]!["annotations"]!["example.com/owner"]!.GetValue<string>().ShouldBe("platform");
        deployment["spec"]!["template"]!["metadata"]!["annotations"]!["example.com/scrape"]!.GetValue<string>().ShouldBe("yes");
        OperatorDeployment.PodSpec(deployment)["volumes"]!.AsArray().ShouldContain(v => v!["name"]!.GetValue<string>() == "ca");
        OperatorDeployment.Container(deployment)["volumeMounts"]!.AsArray()
            .ShouldContain(m => m!["name"]!.GetValue<string>() == "ca" && m["mountPath"]!.GetValue<string>() == "/etc/ssl/custom");
        OperatorDeployment.ShouldBeHardened(deployment);
    }

    private static readonly string[] ServiceMonitorOptions =
    [
        "--set=serviceMonitor.enabled=true",
        "--set=serviceMonitor.namespace=monitoring",
        "--set=serviceMonitor.labels.release=kube-prometheus-stack",
        "--set=serviceMonitor.interval=15s",
        "--set=serviceMonitor.scrapeTimeout=5s",
        "--set=serviceMonitor.scheme=https",
        "--set=serviceMonitor.tlsConfig.serverName=kc-kubecontainers-metrics",
        "--set-json=serviceMonitor.relabelings=[{\"targetLabel\":\"cluster\",\"replacement\":\"east\"}]",
        "--set-json=serviceMonitor.metricRelabelings=[{\"sourceLabels\":[\"__name__\"],\"regex\":\"go_.*\",\"action\":\"drop\"}]",
    ];

    private static readonly string[] ExtrasOptions =
    [
        "--set-json=extraObjects=[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"{{ .Release.Name }}-ca\"},\"data\":{\"release\":\"{{ .Release.Name }}\"}}]",
        "--set-json=extraObjects[1]=\"apiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: {{ .Release.Name }}-token\\ntype: Opaque\"",
        "--set=deploymentAnnotations.example\\.com/owner=platform",
        "--set=podAnnotations.example\\.com/scrape=yes",
        "--set-json=extraVolumes=[{\"name\":\"ca\",\"configMap\":{\"name\":\"kc-ca\"}}]",
        "--set-json=extraVolumeMounts=[{\"name\":\"ca\",\"mountPath\":\"/etc/ssl/custom\",\"readOnly\":true}]",
    ];

    private static string Checksum(JsonObject deployment) =>
        deployment["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/appsettings"]!.GetValue<string>();
}
