using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.Security;

/// <summary>Every pod template the operator can generate passes "restricted" (with --pod-security restricted) or
/// "baseline" plus the rest of restricted but runAsNonRoot (with baseline). The specs cover every field that reaches
/// the pod, so a field that could weaken a control would show up here.</summary>
public sealed class PodSecurityStandardTests
{
    public static TheoryData<string> Specs() => [.. Variants().Keys];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_template_passes_the_restricted_profile(string variant)
    {
        var template = Template(new BuildInput(Variants()[variant], new OperatorSettings()));

        PodSecurityStandard.Restricted(template.Spec).ShouldBeEmpty();
        template.Spec.AutomountServiceAccountToken.ShouldBe(false);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void With_pod_security_baseline_only_run_as_non_root_is_relaxed(string variant)
    {
        var template = Template(new BuildInput(Variants()[variant], new OperatorSettings { PodSecurity = PodSecurityLevels.Baseline }));

        PodSecurityStandard.Baseline(template.Spec).ShouldBeEmpty();
        PodSecurityStandard.Restricted(template.Spec).ShouldBe(["Running as Non-root"]);
    }

    [Fact]
    public void The_checker_catches_each_control_it_claims_to_check()
    {
        var bad = new V1PodSpec
        {
            HostNetwork = true,
            Volumes = [new V1Volume { Name = "h", HostPath = new V1HostPathVolumeSource { Path = "/" } }],
            Containers =
            [
                new V1Container
                {
                    Name = "c",
                    Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 80 }],
                    SecurityContext = new V1SecurityContext
                    {
                        Privileged = true,
                        Capabilities = new V1Capabilities { Add = ["SYS_ADMIN"] },
                        SeccompProfile = new V1SeccompProfile { Type = "Unconfined" },
                        RunAsUser = 0,
                    },
                },
            ],
        };

        PodSecurityStandard.Restricted(bad).ShouldBe(
        [
            "Host Namespaces", "Privileged Containers", "Capabilities (baseline)", "HostPath Volumes", "Host Ports", "Seccomp (baseline)",
            "Volume Types", "Privilege Escalation", "Running as Non-root", "Running as Non-root user", "Seccomp (restricted)", "Capabilities (restricted)",
        ]);
    }

    private static V1PodTemplateSpec Template(BuildInput input) =>
        DeploymentResource.Make(input)?.Spec.Template ?? JobResource.Make(input)!.Spec.Template;

    /// <summary>Each field that reaches the pod, alone and together, in both modes and every sandbox.</summary>
    private static Dictionary<string, V1Alpha1ManagedContainer> Variants()
    {
        var everything = new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/app:1",
            Command = ["/app"],
            Args = ["--x"],
            WorkingDir = "/srv",
            Env = new Dictionary<string, string> { ["A"] = "1" },
            SecretEnv = [new SecretEnvVarSpec { Name = "S", SecretName = "s", Key = "k" }],
            Port = 80,
            Replicas = 3,
            Resources = new ResourcesSpec { Cpu = "1", Memory = "1Gi", EphemeralStorage = "1Gi", Gpu = 1 },
            HealthCheck = new HealthCheckSpec { Path = "/h", Port = 81 },
            Architecture = Architectures.Arm64,
            Networking = new NetworkingSpec { Ingress = IngressModes.Public, Egress = EgressModes.Internet },
            Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi", Retain = true }],
            RestartedAt = DateTimeOffset.UnixEpoch,
            ImagePullSecrets = ["pull"],
            Labels = new Dictionary<string, string> { ["team"] = "a" },
        };
        var variants = new Dictionary<string, V1Alpha1ManagedContainer>
        {
            ["minimal"] = Container(new ManagedContainerSpec { Image = "nginx" }),
            ["everything"] = Container(everything),
            ["everything-oneshot"] = Container(Clone(everything, s => (s.Mode, s.Replicas) = (WorkloadModes.OneShot, 1))),
            ["stopped"] = Container(Clone(everything, s => s.Stopped = true)),
        };
        foreach (var sandbox in OperatorSettings.DefaultProfiles().Keys)
        {
            variants[$"sandbox-{sandbox}"] = Container(Clone(everything, s => s.Sandbox = sandbox));
        }

        return variants;
    }

    private static ManagedContainerSpec Clone(ManagedContainerSpec spec, Action<ManagedContainerSpec> change)
    {
        var copy = k8s.KubernetesJson.Deserialize<ManagedContainerSpec>(k8s.KubernetesJson.Serialize(spec));
        change(copy);
        return copy;
    }

    private static V1Alpha1ManagedContainer Container(ManagedContainerSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = "app", NamespaceProperty = "team-a", Uid = "8d1b6c3e-1111-4a43-9d5c-1c2f3e4d5a6b" },
        Spec = spec,
    };
}
