using System.Text.Json;
using KubeContainers.Deploy.Tests.Support;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary>The chart passes every operator setting, and the operator's own loader reads what it passes.</summary>
[ClusterTest]
public sealed class ChartSettingsTests
{
    /// <summary>Where the API server is: the pod's in-cluster configuration, not a chart value. The log flags are
    /// new and not passed by the chart yet (its values come with the chart's own change): drop them from this list
    /// when values.yaml gets them.</summary>
    private static readonly OperatorFlag[] NotChartSettings = [OperatorFlags.Kubeconfig, OperatorFlags.Context];

    private static readonly IReadOnlyDictionary<string, string?> NoEnvironment = new Dictionary<string, string?>();

    public static TheoryData<string> ChartFlags => [.. OperatorFlags.All.Except(NotChartSettings).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(ChartFlags))]
    public async Task Every_operator_setting_is_a_flag_of_the_deployment(string flag)
    {
        var deployment = (await Helm.TemplateAsync("--set=replicaCount=2", "--set=leaderElection.namespace=leases")).OneOf("Deployment");

        OperatorDeployment.Flag(deployment, flag).ShouldNotBeNull($"the chart does not pass --{flag}");
    }

    [Theory]
    [MemberData(nameof(ChartFlags))]
    public void Every_operator_setting_is_described_in_values_yaml(string flag) =>
        File.ReadAllText(RepoPaths.File("charts/kubecontainers/values.yaml")).ShouldContain($"--{flag}");

    [Fact]
    public async Task The_default_values_give_the_operator_its_own_defaults()
    {
        var deployment = (await Helm.TemplateAsync()).OneOf("Deployment");

        var loaded = OperatorSettingsLoader.Load(OperatorDeployment.Args(deployment), NoEnvironment, appSettingsPath: null);

        loaded.Errors.ShouldBeEmpty();
        // All but the Lease's name, which the chart takes from the release (release "kc") so releases never share one.
        JsonSerializer.Serialize(loaded.Settings).ShouldBe(JsonSerializer.Serialize(new OperatorSettings { LeaderElectionId = "kc-kubecontainers" }));
    }

    [Fact]
    public async Task Values_reach_the_operator_through_flags_and_appsettings()
    {
        var objects = await Helm.TemplateAsync(
            "--set=operator.baseDomain=apps.example.com",
            "--set=operator.tlsIssuer=letsencrypt",
            "--set=operator.ingressClass=",
            "--set=operator.watchNamespaces={team-a,team-b}",
            "--set=operator.qps=7.5",
            "--set=operator.limits.maxReplicas=25",
            "--set=operator.limits.maxLifetimeSeconds=31536000",
            "--set=operator.defaultSandbox=kata",
            "--set=operator.sandboxes.kata.handler=kata-qemu",
            "--set=operator.sandboxes.kata.overhead.cpu=250m",
            "--set-string=operator.sandboxes.kata.nodeSelector.katacontainers\\.io/kata-runtime=true",
            "--set=operator.sandboxes.kata.tolerations={kata=true:NoSchedule}",
            "--set=operator.sandboxes.kata.allowImageUser=false",
            "--set=operator.sandboxes.kata.podSecurity=restricted",
            "--set=operator.sandboxes.none.handler=",
            "--set=operator.dnsPodLabels.k8s-app=coredns",
            "--set=replicaCount=2");
        var appsettings = Path.Combine(Path.GetTempPath(), $"kubecontainers-appsettings-{Guid.NewGuid():N}.json");
        File.WriteAllText(appsettings, objects.OneOf("ConfigMap")["data"]!["appsettings.json"]!.GetValue<string>());
        try
        {
            var loaded = OperatorSettingsLoader.Load(OperatorDeployment.Args(objects.OneOf("Deployment")), NoEnvironment, appsettings);

            loaded.Errors.ShouldBeEmpty();
            var settings = loaded.Settings!;
            settings.BaseDomain.ShouldBe("apps.example.com");
            settings.TlsIssuer.ShouldBe("letsencrypt");
            settings.IngressClass.ShouldBeNull();
            settings.WatchNamespaces.ShouldBe(["team-a", "team-b"]);
            settings.Qps.ShouldBe(7.5);
            settings.Limits.MaxReplicas.ShouldBe(25);
            settings.Limits.MaxLifetimeSeconds.ShouldBe(31536000);
            settings.LeaderElection.ShouldBeTrue();
            settings.DefaultSandbox.ShouldBe("kata");
            settings.Sandboxes.Keys.ShouldBe(["kata", "none"], ignoreOrder: true);
            var kata = settings.Sandboxes["kata"];
            kata.Handler.ShouldBe("kata-qemu");
            kata.Overhead["cpu"].ShouldBe("250m");
            kata.NodeSelector["katacontainers.io/kata-runtime"].ShouldBe("true");
            kata.Tolerations.ShouldBe(["kata=true:NoSchedule"]);
            kata.AllowImageUser.ShouldBeFalse("allowImageUser: false reaches the operator, overriding kata's default");
            kata.PodSecurity.ShouldBe(PodSecurityLevels.Restricted);
            settings.Sandboxes["none"].Handler.ShouldBeNull();
            settings.Sandboxes["none"].AllowImageUser.ShouldBeFalse();
            settings.DnsPodLabels.ShouldBe(new Dictionary<string, string> { ["k8s-app"] = "coredns" });
        }
        finally
        {
            File.Delete(appsettings);
        }
    }
}
