using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary>
/// <c>helm upgrade</c> from chart 0.1.0, which shipped its CRDs in <c>crds/</c> (installed once, never upgraded), to
/// this chart, which releases them as templates: after the migration step of the README a CRD change is applied, so
/// a new spec field is kept instead of pruned. Its own cluster: the CRDs are cluster-wide and one release owns them.
/// </summary>
[ClusterTest]
public sealed class ChartUpgradeTests(DeployCluster cluster) : IClassFixture<DeployCluster>
{
    /// <summary>The last commit whose chart kept its CRDs in crds/ (chart 0.1.0).</summary>
    private const string PreviousChartCommit = "be893d007587a5aec5a0cdf1dcb534b6e5443bbf";

    /// <summary>The field the previous chart's CRD stands without: an older schema, as any CRD change looks to Helm.</summary>
    private const string NewField = "workingDir";

    private const string Crds = "customresourcedefinition/managedcontainers.kubecontainers.io customresourcedefinition/containerplans.kubecontainers.io";

    [Fact]
    public async Task Upgrading_from_the_crds_folder_chart_applies_a_crd_change()
    {
        var ns = await cluster.NamespaceAsync("upgrade");
        var release = $"kc-{ns}";
        var previous = await PreviousChartAsync();
        try
        {
            (await cluster.Helm.RunAsync("install", release, previous, "--namespace", ns)).ShouldSucceed("helm install of chart 0.1.0");
            (await SchemaAsync()).ContainsKey(NewField).ShouldBeFalse("chart 0.1.0's CRD (as the test writes it) lacks the field");
            // kubectl's strict field validation refuses the field; without it the API server silently prunes it.
            (await cluster.Kubectl.RunAsync("apply -f -", Container(ns, "strict"))).ShouldFail().Stderr.ShouldContain($"unknown field \"spec.{NewField}\"");
            (await ApplyContainerAsync(ns, "before", "--validate=false")).ShouldBeNull($"the old schema prunes spec.{NewField}");

            // The README's migration note: the CRDs that crds/ created become the release's.
            (await cluster.Kubectl.RunAsync($"label {Crds} app.kubernetes.io/managed-by=Helm --overwrite")).ShouldSucceed();
            (await cluster.Kubectl.RunAsync($"annotate {Crds} meta.helm.sh/release-name={release} meta.helm.sh/release-namespace={ns} --overwrite")).ShouldSucceed();
            (await cluster.Helm.RunAsync("upgrade", release, Helm.ChartPath, "--namespace", ns)).ShouldSucceed("helm upgrade to this chart");

            (await SchemaAsync()).ContainsKey(NewField).ShouldBeTrue("the upgrade applied the CRD change");
            (await ApplyContainerAsync(ns, "after")).ShouldBe("/work", $"spec.{NewField} is kept after the upgrade");
            foreach (var crd in new[] { "managedcontainers.kubecontainers.io", "containerplans.kubecontainers.io" })
            {
                var metadata = JsonNode.Parse((await cluster.Kubectl.RunAsync($"get crd {crd} -o json")).ShouldSucceed().Stdout)!["metadata"]!;
                metadata["annotations"]!["helm.sh/resource-policy"]!.GetValue<string>().ShouldBe("keep", crd);
                metadata["labels"]!["helm.sh/chart"]!.GetValue<string>().ShouldBe($"kubecontainers-{ChartVersion()}", crd);
            }

            // keep: uninstalling the release leaves the CRDs, and with them every ManagedContainer.
            (await cluster.Helm.RunAsync("uninstall", release, "--namespace", ns)).ShouldSucceed("helm uninstall");
            (await cluster.Kubectl.RunAsync($"get {Crds} -o name")).ShouldSucceed();
            (await cluster.Kubectl.RunAsync($"get managedcontainer after -n {ns} -o name")).ShouldSucceed();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(previous)!, recursive: true);
        }
    }

    /// <summary>Chart 0.1.0 from git into a temporary folder, its ManagedContainer CRD without <see cref="NewField"/>.</summary>
    private static async Task<string> PreviousChartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("kubecontainers-chart-0.1.0-").FullName;
        var chart = Path.Combine(folder, "charts", "kubecontainers");
        var archive = Path.Combine(folder, "chart.tar");
        var fromGit = await ProcessRunner.RunAsync("git", ["-C", RepoPaths.Root, "archive", "--output", archive, PreviousChartCommit, "charts/kubecontainers"], "git must be on PATH");
        if (fromGit.ExitCode == 0)
        {
            (await ProcessRunner.RunAsync("tar", ["-xf", archive, "-C", folder], "tar must be on PATH")).ShouldSucceed("tar");
        }
        else
        {
            // A clone without that commit (a shallow one): 0.1.0's layout rebuilt from today's chart, which is what
            // this test is about: the CRDs in crds/, which Helm installs once and never upgrades.
            PreviousLayout(chart);
        }

        var crdFile = Path.Combine(chart, "crds", "kubecontainers.io_managedcontainers.yaml");
        var crd = Manifests.Parse(File.ReadAllText(crdFile)).ShouldHaveSingleItem();
        SpecSchema(crd)["properties"]!.AsObject().Remove(NewField).ShouldBeTrue($"chart 0.1.0's CRD has spec.{NewField}");
        File.WriteAllText(crdFile, crd.ToJsonString());
        return chart;
    }

    /// <summary>Today's chart with 0.1.0's CRD layout: the generated CRDs in crds/ and no templates/crds.</summary>
    private static void PreviousLayout(string chart)
    {
        var source = RepoPaths.File("charts/kubecontainers");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith(Path.Combine("templates", "crds"), StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(chart, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.CreateDirectory(Path.Combine(chart, "crds"));
        foreach (var crd in Directory.GetFiles(RepoPaths.File("crds"), "*.yaml"))
        {
            File.Copy(crd, Path.Combine(chart, "crds", Path.GetFileName(crd)));
        }

        var chartYaml = Path.Combine(chart, "Chart.yaml");
        File.WriteAllText(chartYaml, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(chartYaml), "(?m)^version: .*$", "version: 0.1.0"));
    }

    private async Task<JsonObject> SchemaAsync()
    {
        var crd = JsonNode.Parse((await cluster.Kubectl.RunAsync("get crd managedcontainers.kubecontainers.io -o json")).ShouldSucceed().Stdout)!;
        return SpecSchema(crd)["properties"]!.AsObject();
    }

    private static JsonNode SpecSchema(JsonNode crd) =>
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;

    /// <summary>Applies a ManagedContainer with the new field; what the API server stored of it.</summary>
    private async Task<string?> ApplyContainerAsync(string ns, string name, string flags = "")
    {
        (await cluster.Kubectl.RunAsync($"apply {flags} -f -", Container(ns, name))).ShouldSucceed();
        var stored = JsonNode.Parse((await cluster.Kubectl.RunAsync($"get managedcontainer {name} -n {ns} -o json")).ShouldSucceed().Stdout)!;
        return stored["spec"]![NewField]?.GetValue<string>();
    }

    private static string Container(string ns, string name) =>
        new JsonObject
        {
            ["apiVersion"] = "kubecontainers.io/v1alpha1",
            ["kind"] = "ManagedContainer",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["image"] = "busybox:1.36", ["command"] = new JsonArray("sleep", "3600"), [NewField] = "/work" },
        }.ToJsonString();

    private static string ChartVersion() =>
        Manifests.ParseFile("charts/kubecontainers/Chart.yaml").ShouldHaveSingleItem()["version"]!.GetValue<string>();
}
