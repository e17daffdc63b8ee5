using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary><c>helm lint</c> (what <c>make helm-lint</c> runs) and the values schema.</summary>
[ClusterTest]
public sealed class ChartLintTests
{
    [Theory]
    [InlineData]
    [InlineData("--set=replicaCount=2")]
    [InlineData("--set=serviceMonitor.enabled=true", "--set=operator.sandboxes.kata.handler=kata-qemu")]
    [InlineData("--set=crds.install=false", "--set=podDisruptionBudget.enabled=true", "--set=podDisruptionBudget.maxUnavailable=50%")]
    [InlineData("--set=serviceMonitor.enabled=true", "--set=serviceMonitor.namespace=monitoring", "--set=serviceMonitor.scheme=https",
        "--set=serviceMonitor.tlsConfig.insecureSkipVerify=true", "--set-json=serviceMonitor.relabelings=[{\"targetLabel\":\"cluster\",\"replacement\":\"east\"}]")]
    [InlineData("--set-json=extraObjects=[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"{{ .Release.Name }}-extra\"}}]",
        "--set-json=extraVolumes=[{\"name\":\"ca\",\"emptyDir\":{}}]", "--set-json=extraVolumeMounts=[{\"name\":\"ca\",\"mountPath\":\"/ca\"}]",
        "--set=deploymentAnnotations.owner=platform", "--set=crds.keep=false")]
    [InlineData("--set=prometheusRule.enabled=true", "--set=serviceMonitor.enabled=true", "--set=grafanaDashboard.enabled=true", "--set=replicaCount=2",
        "--set=operator.logFormat=json", "--set=operator.logLevel=debug")]
    public async Task Lint_passes(params string[] flags) =>
        (await new Helm().RunAsync(["lint", "--strict", Helm.ChartPath, .. flags])).ShouldSucceed("helm lint");

    [Theory]
    [InlineData("--set=operator.podSecurity=privileged", "/operator/podSecurity")]
    [InlineData("--set=operator.limits.maxReplica=3", "maxReplica")]
    [InlineData("--set=operator.workers=0", "/operator/workers")]
    [InlineData("--set=operator.baseDomain=Not_A_Domain", "/operator/baseDomain")]
    [InlineData("--set=operator.blockedEgressCidrs={10.0.0.1}", "/operator/blockedEgressCidrs/0")]
    [InlineData("--set=operator.maxCpu=4", "maxCpu")]
    [InlineData("--set=operator.limits.maxMemory=lots", "/operator/limits/maxMemory")]
    [InlineData("--set=operator.sandboxes.Kata.handler=kata-qemu", "Kata")]
    [InlineData("--set=podDisruptionBudget.enabled=always", "/podDisruptionBudget/enabled")]
    [InlineData("--set=serviceMonitor.scheme=ftp", "/serviceMonitor/scheme")]
    [InlineData("--set=crds.install=yes", "/crds/install")]
    [InlineData("--set=operator.logFormat=xml", "/operator/logFormat")]
    [InlineData("--set=operator.logLevel=verbose", "/operator/logLevel")]
    [InlineData("--set=prometheusRule.notReadySeconds=10", "/prometheusRule/notReadySeconds")]
    [InlineData("--set-json=prometheusRule.disabled=[\"OperatorDown\"]", "/prometheusRule/disabled/0")]
    [InlineData("--set-json=extraVolumeMounts=[{\"name\":\"ca\"}]", "/extraVolumeMounts/0")]
    public async Task The_values_schema_refuses_what_the_operator_would(string flag, string named)
    {
        var result = await Helm.TryTemplateAsync(flag);

        result.ExitCode.ShouldNotBe(0, $"{flag} should be refused");
        result.Stderr.ShouldContain(named);
    }

    [Fact]
    public async Task The_values_schema_is_valid_json_and_types_every_value()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.File("charts/kubecontainers/values.schema.json")))!;
        var values = Manifests.ParseFile("charts/kubecontainers/values.yaml").ShouldHaveSingleItem();

        foreach (var (path, _) in Leaves(values, ""))
        {
            Typed(schema, path.Split('/', StringSplitOptions.RemoveEmptyEntries)).ShouldBeTrue($"values.schema.json has no type for {path}");
        }
    }

    /// <summary>Every scalar or empty collection under a value, by path.</summary>
    private static IEnumerable<(string Path, System.Text.Json.Nodes.JsonNode? Value)> Leaves(System.Text.Json.Nodes.JsonNode? node, string path) =>
        node is System.Text.Json.Nodes.JsonObject map && map.Count > 0
            ? map.SelectMany(e => Leaves(e.Value, $"{path}/{e.Key}"))
            : [(path, node)];

    private static bool Typed(System.Text.Json.Nodes.JsonNode schema, IEnumerable<string> path)
    {
        var current = schema;
        foreach (var segment in path)
        {
            if (current["properties"] is null && current["additionalProperties"] is not System.Text.Json.Nodes.JsonObject)
            {
                // A Kubernetes type passed through as is (resources, securityContext...): typed as a whole.
                break;
            }

            current = current["properties"]?[segment] ?? (current["additionalProperties"] as System.Text.Json.Nodes.JsonObject);
            if (current is null)
            {
                return false;
            }
        }

        return current["type"] is not null;
    }
}
