using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Deploy.Tests.Config;

/// <summary>config/: default (namespace, CRD, RBAC, manager), the CRD copy, and the samples.</summary>
[ClusterTest]
public sealed class KustomizeTests(DeployCluster cluster) : IClassFixture<DeployCluster>
{
    private const string Namespace = "kubecontainers-system";

    [Fact]
    public async Task Config_default_is_valid_Kubernetes_with_everything_in_its_namespace()
    {
        var objects = await Kustomize.BuildAsync("config/default");

        var (exitCode, output) = UpstreamSchema.Validate(objects);
        exitCode.ShouldBe(0, output);
        objects.Select(Manifests.Kind).ShouldBe(
            ["Namespace", "CustomResourceDefinition", "CustomResourceDefinition", "ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "Service", "Deployment", "NetworkPolicy",
             // The tenant roles (view, edit, admin, plan reader) and the plan reader's binding; the plans' admission policy.
             "ClusterRole", "ClusterRole", "ClusterRole", "ClusterRole", "ClusterRoleBinding",
             "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
            ignoreOrder: true);
        // kustomize does not know the admission policy kinds are cluster-scoped and gives them the namespace too; the
        // apiserver drops it (rest.BeforeCreate), as the apply test below shows.
        foreach (var o in objects.Where(o => Manifests.Kind(o) is not ("Namespace" or "CustomResourceDefinition" or "ClusterRole" or "ClusterRoleBinding"
            or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding")))
        {
            o["metadata"]!["namespace"]!.GetValue<string>().ShouldBe(Namespace, $"{Manifests.Kind(o)} {o["metadata"]!["name"]}");
        }
    }

    [Fact]
    public async Task The_manager_is_hardened_like_the_chart_and_its_flags_load()
    {
        var deployment = (await Kustomize.BuildAsync("config/default")).OneOf("Deployment");
        var chart = (await Helm.TemplateAsync("--set=replicaCount=2")).OneOf("Deployment");

        OperatorDeployment.ShouldBeHardened(deployment);
        foreach (var field in new[] { "securityContext", "livenessProbe", "readinessProbe", "resources", "ports" })
        {
            var (ours, charts) = (OperatorDeployment.Container(deployment)[field], OperatorDeployment.Container(chart)[field]);
            JsonNode.DeepEquals(ours, charts).ShouldBeTrue($"{field}: {ours?.ToJsonString()} is not the chart's {charts?.ToJsonString()}");
        }

        JsonNode.DeepEquals(OperatorDeployment.PodSpec(deployment)["securityContext"], OperatorDeployment.PodSpec(chart)["securityContext"])
            .ShouldBeTrue("the pod security context is not the chart's");
        var loaded = OperatorSettingsLoader.Load(OperatorDeployment.Args(deployment), new Dictionary<string, string?>(), appSettingsPath: null);
        loaded.Errors.ShouldBeEmpty();
        loaded.Settings!.LeaderElection.ShouldBeTrue("a rolling update briefly runs two operators");
        deployment["spec"]!["strategy"]!["type"]!.GetValue<string>().ShouldBe("RollingUpdate");
    }

    [Fact]
    public async Task The_image_is_the_charts_at_the_charts_app_version()
    {
        var image = OperatorDeployment.Container((await Kustomize.BuildAsync("config/default")).OneOf("Deployment"))["image"]!.GetValue<string>();
        var chart = Manifests.ParseFile("charts/kubecontainers/Chart.yaml").ShouldHaveSingleItem();
        var values = Manifests.ParseFile("charts/kubecontainers/values.yaml").ShouldHaveSingleItem();

        image.ShouldBe($"{values["image"]!["repository"]!.GetValue<string>()}:{chart["appVersion"]!.GetValue<string>()}");
    }

    [Fact]
    public void Config_crd_carries_the_generated_crd_unchanged()
    {
        var copy = RepoPaths.File("config/crd/kubecontainers.io_managedcontainers.yaml");

        File.Exists(copy).ShouldBeTrue("run `make chart-crds`");
        File.ReadAllText(copy).ShouldBe(
            File.ReadAllText(RepoPaths.File("crds/kubecontainers.io_managedcontainers.yaml")),
            "config/crd/ drifted from crds/: run `make chart-crds`");
    }

    [Fact]
    public async Task Apply_k_config_default_installs_the_operator_on_the_local_cluster()
    {
        var path = RepoPaths.File("config/default");

        (await cluster.Kubectl.RunAsync($"apply -k {path}")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"rollout status deployment/kubecontainers-operator -n {Namespace} --timeout=60s")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync("wait --for=condition=Established crd/managedcontainers.kubecontainers.io --timeout=30s")).ShouldSucceed();
        var policy = (await cluster.Kubectl.RunAsync("get validatingadmissionpolicy,validatingadmissionpolicybinding kubecontainers-plans -o jsonpath={.items[*].metadata.namespace}"))
            .ShouldSucceed();
        policy.Stdout.Trim().ShouldBeEmpty("the admission policy and its binding are cluster-scoped");

        var again = (await cluster.Kubectl.RunAsync($"apply -k {path}")).ShouldSucceed();
        again.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.EndsWith(" unchanged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_samples_kustomization_leaves_the_Argo_CD_application_out()
    {
        var samples = await Kustomize.BuildAsync("config/samples");
        var kustomization = Manifests.ParseFile("config/samples/kustomization.yaml").ShouldHaveSingleItem();

        samples.ShouldAllBe(o => Manifests.Kind(o) == "ManagedContainer");
        kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldNotContain("argocd-application.yaml");
    }

    [Fact]
    public async Task The_Argo_CD_applications_point_at_the_chart_and_the_samples_with_values_the_chart_takes()
    {
        var applications = Manifests.ParseFile("config/samples/argocd-application.yaml");

        applications.ShouldNotBeEmpty();
        foreach (var application in applications)
        {
            application["apiVersion"]!.GetValue<string>().ShouldBe("argoproj.io/v1alpha1");
            application["kind"]!.GetValue<string>().ShouldBe("Application");
            var source = application["spec"]!["source"]!;
            Directory.Exists(RepoPaths.File(source["path"]!.GetValue<string>())).ShouldBeTrue($"{source["path"]} does not exist");
            if (source["helm"]?["valuesObject"] is JsonObject values)
            {
                var file = Path.Combine(Path.GetTempPath(), $"kubecontainers-values-{Guid.NewGuid():N}.json");
                File.WriteAllText(file, values.ToJsonString());
                try
                {
                    (await Helm.TryTemplateAsync("--values", file)).ShouldSucceed("helm template with the Application's values");
                }
                finally
                {
                    File.Delete(file);
                }
            }
        }

        applications.Select(a => a["spec"]!["source"]!["path"]!.GetValue<string>()).ShouldBe(["charts/kubecontainers", "config/samples"], ignoreOrder: true);
    }
}
