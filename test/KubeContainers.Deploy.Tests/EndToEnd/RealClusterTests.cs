using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.EndToEnd;

/// <summary>
/// The whole product on a real cluster (kind, or any kubeconfig): install the chart, apply the samples, wait for them
/// to be Ready, check their children, uninstall. Skipped unless KUBECONTAINERS_E2E_KUBECONFIG names a kubeconfig
/// (<c>make e2e</c> passes KUBECONFIG): an explicit variable, so a KUBECONFIG set for other work never gets the suite.
/// <list type="bullet">
/// <item>KUBECONTAINERS_E2E_IMAGE: the operator image the cluster can pull (default: the chart's); on kind, build it
/// with <c>make image</c> and <c>kind load docker-image</c> it.</item>
/// <item>KUBECONTAINERS_E2E_GVISOR=1: the cluster's nodes run gVisor (runsc); otherwise the gvisor profile maps to the
/// nodes' default runtime, so the samples run on any cluster.</item>
/// <item>KUBECONTAINERS_E2E_SAMPLES: which samples (default all of config/samples); web-public needs an ingress
/// controller of class KUBECONTAINERS_E2E_INGRESS_CLASS (default nginx) to become Ready.</item>
/// </list>
/// </summary>
[Trait("Category", "EndToEnd")]
[ClusterTest]
public sealed class RealClusterTests
{
    private static readonly string? Kubeconfig = Environment.GetEnvironmentVariable("KUBECONTAINERS_E2E_KUBECONFIG");

    [Fact]
    public async Task The_chart_installs_and_the_samples_become_ready_with_their_children()
    {
        Assert.SkipWhen(string.IsNullOrEmpty(Kubeconfig), "set KUBECONTAINERS_E2E_KUBECONFIG (make e2e) to run against a real cluster");
        var kubectl = new Kubectl(Kubeconfig!);
        var helm = new Helm(Kubeconfig);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (system, apps, release) = ($"kc-e2e-system-{suffix}", $"kc-e2e-apps-{suffix}", $"kc-e2e-{suffix}");

        try
        {
            (await helm.RunAsync(["install", release, Helm.ChartPath, "--namespace", system, "--create-namespace", "--wait", "--timeout", "5m", .. ChartValues()], TimeSpan.FromMinutes(6)))
                .ShouldSucceed("helm install");
            (await kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {apps}\n")).ShouldSucceed();
            foreach (var sample in Samples())
            {
                (await kubectl.RunAsync($"apply -n {apps} -f {RepoPaths.File($"config/samples/{sample}")}")).ShouldSucceed();
            }

            var ready = await kubectl.RunAsync($"wait --for=condition=Ready mc --all -n {apps} --timeout=300s", timeout: TimeSpan.FromMinutes(6));
            ready.ExitCode.ShouldBe(0, $"{ready.Output}\n{(await kubectl.RunAsync($"get mc -n {apps} -o yaml")).Stdout}");

            var containers = JsonNode.Parse((await kubectl.RunAsync($"get mc -n {apps} -o json")).ShouldSucceed().Stdout)!["items"]!.AsArray();
            containers.Count.ShouldBe(Samples().Count);
            foreach (var container in containers)
            {
                await ShouldHaveChildrenAsync(kubectl, container!.AsObject());
            }
        }
        finally
        {
            await kubectl.RunAsync($"delete namespace {apps} --ignore-not-found --wait=true --timeout=120s", timeout: TimeSpan.FromMinutes(3));
            await helm.RunAsync("uninstall", release, "--namespace", system, "--wait");
            await kubectl.RunAsync($"delete namespace {system} --ignore-not-found --wait=false");
        }
    }

    private static IEnumerable<string> ChartValues()
    {
        var image = Environment.GetEnvironmentVariable("KUBECONTAINERS_E2E_IMAGE");
        if (!string.IsNullOrEmpty(image))
        {
            var colon = image.LastIndexOf(':');
            var tagged = colon > image.LastIndexOf('/');
            yield return $"--set=image.repository={(tagged ? image[..colon] : image)}";
            yield return $"--set=image.tag={(tagged ? image[(colon + 1)..] : "latest")}";
        }

        yield return $"--set=operator.ingressClass={Environment.GetEnvironmentVariable("KUBECONTAINERS_E2E_INGRESS_CLASS") ?? "nginx"}";
        if (Environment.GetEnvironmentVariable("KUBECONTAINERS_E2E_GVISOR") != "1")
        {
            // No runsc on the nodes: the gvisor profile runs on the default runtime, so the samples can be Ready.
            yield return "--set=operator.sandboxes.gvisor.handler=";
            yield return "--set=operator.sandboxes.none.handler=";
        }
    }

    private static List<string> Samples() =>
        Environment.GetEnvironmentVariable("KUBECONTAINERS_E2E_SAMPLES") is { Length: > 0 } chosen
            ? [.. chosen.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [.. Manifests.ParseFile("config/samples/kustomization.yaml").ShouldHaveSingleItem()["resources"]!.AsArray().Select(r => r!.GetValue<string>())];

    /// <summary>What the README says a ManagedContainer becomes: a Deployment (or Job), a NetworkPolicy, a Service with a
    /// port and an Ingress when public, each labelled and owned by it.</summary>
    private static async Task ShouldHaveChildrenAsync(Kubectl kubectl, JsonObject container)
    {
        var name = container["metadata"]!["name"]!.GetValue<string>();
        var ns = container["metadata"]!["namespace"]!.GetValue<string>();
        var uid = container["metadata"]!["uid"]!.GetValue<string>();
        var spec = container["spec"]!;
        var kinds = new List<string> { spec["mode"]?.GetValue<string>() == "oneShot" ? "jobs" : "deployments", "networkpolicies" };
        if (spec["port"] is not null)
        {
            kinds.Add("services");
            if ((spec["networking"]?["ingress"]?.GetValue<string>() ?? "public") == "public")
            {
                kinds.Add("ingresses");
            }
        }

        foreach (var kind in kinds)
        {
            var children = JsonNode.Parse((await kubectl.RunAsync(
                $"get {kind} -n {ns} -l app.kubernetes.io/managed-by=kubecontainers,app.kubernetes.io/name={name} -o json")).ShouldSucceed().Stdout)!["items"]!.AsArray();
            var child = children.ShouldHaveSingleItem($"{name}: one of {kind}")!;
            child["metadata"]!["ownerReferences"]!.AsArray().ShouldContain(r => r!["uid"]!.GetValue<string>() == uid && r["controller"]!.GetValue<bool>());
        }

        container["status"]!["phase"]!.GetValue<string>().ShouldBeOneOf("Running", "Succeeded");
    }
}
