using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary><c>helm install</c>, <c>upgrade</c> and <c>uninstall</c> of the chart against the local cluster, directly:
/// helm writes its release Secrets (and their DeleteOptions) in protobuf, and the chart holds RBAC kinds.</summary>
[ClusterTest]
public sealed class ChartInstallTests(DeployCluster cluster) : IClassFixture<DeployCluster>
{
    [Fact]
    public async Task Install_then_upgrade_to_two_replicas_with_leader_election()
    {
        var ns = await cluster.NamespaceAsync("helm");
        var release = $"kc-{ns}";

        (await cluster.Helm.RunAsync("install", release, Helm.ChartPath, "--namespace", ns))
            .ShouldSucceed("helm install");
        var installed = await DeploymentAsync(ns, release);
        installed["spec"]!["replicas"]!.GetValue<int>().ShouldBe(1);
        OperatorDeployment.Args(installed).ShouldContain("--leader-election=false");
        (await cluster.Kubectl.RunAsync($"get clusterrole {release}-kubecontainers -o name")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync("get crd managedcontainers.kubecontainers.io -o jsonpath={.metadata.annotations.meta\\.helm\\.sh/release-name}"))
            .ShouldSucceed().Stdout.ShouldBe(release, "the release installed the CRDs from its templates");
        (await cluster.Kubectl.RunAsync($"get role {release}-kubecontainers-leader-election -n {ns}")).ShouldFail();
        // The tenant roles reach the built-in edit role through the cluster's aggregation controller.
        (await cluster.Kubectl.RunAsync("get clusterrole kubecontainers-view kubecontainers-edit kubecontainers-admin kubecontainers-plan-reader -o name")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"create rolebinding tenant-edits -n {ns} --clusterrole=edit --user=tenant")).ShouldSucceed();
        await Eventually.Returns(
            async () => (await cluster.Kubectl.RunAsync($"auth can-i create managedcontainers.kubecontainers.io -n {ns} --as tenant")).Stdout.Trim(),
            answer => answer == "yes", "edit gathers kubecontainers-edit");
        (await cluster.Kubectl.RunAsync("auth can-i patch containerplans.kubecontainers.io --as tenant")).Stdout.Trim().ShouldBe("no");
        (await cluster.Kubectl.RunAsync($"delete rolebinding tenant-edits -n {ns}")).ShouldSucceed();

        // The local cluster serves no policy/v1: the PodDisruptionBudget that two replicas bring is off here (its
        // shape is checked against the upstream schema in ChartTemplateTests).
        (await cluster.Helm.RunAsync("upgrade", release, Helm.ChartPath, "--namespace", ns, "--set", "replicaCount=2", "--set", "podDisruptionBudget.enabled=false"))
            .ShouldSucceed("helm upgrade");
        var upgraded = await DeploymentAsync(ns, release);
        upgraded["spec"]!["replicas"]!.GetValue<int>().ShouldBe(2);
        upgraded["spec"]!["strategy"]!["type"]!.GetValue<string>().ShouldBe("RollingUpdate");
        OperatorDeployment.Args(upgraded).ShouldContain("--leader-election=true");
        OperatorDeployment.Args(upgraded).ShouldContain($"--leader-election-id={release}-kubecontainers");
        (await cluster.Kubectl.RunAsync($"get role {release}-kubecontainers-leader-election -n {ns} -o name")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"rollout status deployment/{release}-kubecontainers -n {ns} --timeout=60s"))
            .ShouldSucceed();

        var history = (await cluster.Helm.RunAsync("history", release, "--namespace", ns, "-o", "json")).ShouldSucceed("helm history");
        var revisions = JsonNode.Parse(history.Stdout)!.AsArray();
        revisions.Select(r => r!["status"]!.GetValue<string>()).ShouldBe(["superseded", "deployed"]);
        (await cluster.Kubectl.RunAsync($"get secret sh.helm.release.v1.{release}.v2 -n {ns} -o jsonpath={{.type}}")).ShouldSucceed()
            .Stdout.ShouldBe("helm.sh/release.v1");

        (await cluster.Helm.RunAsync("uninstall", release, "--namespace", ns)).ShouldSucceed("helm uninstall");
        (await cluster.Kubectl.RunAsync($"get secrets,deployments,roles,rolebindings -n {ns} -o name")).ShouldSucceed().Stdout.Trim().ShouldBeEmpty();
        (await cluster.Kubectl.RunAsync($"get clusterrole {release}-kubecontainers")).ShouldFail();
        (await cluster.Kubectl.RunAsync("get clusterrole kubecontainers-edit")).ShouldFail();
        (await cluster.Kubectl.RunAsync("get crd managedcontainers.kubecontainers.io containerplans.kubecontainers.io -o name")).ShouldSucceed(); // crds.keep leaves the CRDs.
        (await cluster.Helm.RunAsync("list", "--namespace", ns, "-q")).ShouldSucceed("helm list").Stdout.Trim().ShouldBeEmpty();
    }

    private async Task<JsonObject> DeploymentAsync(string ns, string release)
    {
        var result = (await cluster.Kubectl.RunAsync($"get deployment {release}-kubecontainers -n {ns} -o json")).ShouldSucceed();
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }
}
