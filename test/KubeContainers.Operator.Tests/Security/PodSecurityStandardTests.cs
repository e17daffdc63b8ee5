using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.Security;

/// <summary>Every pod template the operator can generate passes the Pod Security level it claims: restricted outside a
/// sandbox (with --pod-security restricted), baseline inside a sandbox profile that lets the image's user run, where
/// only the user and the capabilities a root image needs are relaxed from restricted. The specs cover every field that
/// reaches the pod, so a field that could weaken a control would show up here.</summary>
public sealed class PodSecurityStandardTests
{
    /// <summary>What a baseline pod inside such a sandbox may fail of restricted, and nothing else.</summary>
    private static readonly string[] SandboxRelaxations = ["Running as Non-root", "Running as Non-root user", "Capabilities (restricted)"];

    public static TheoryData<string> Specs() => [.. Variants().Keys];

    [Theory]
    [MemberData(nameof(Specs))]
    public void Every_template_passes_the_level_its_sandbox_profile_claims(string variant)
    {
        var input = new BuildInput(Variants()[variant], new OperatorSettings());
        var template = Template(input);
        var level = PodSecurity.Level(input);

        if (level == PodSecurityLevels.Restricted)
        {
            PodSecurityStandard.Restricted(template.Spec).ShouldBeEmpty();
        }
        else
        {
            level.ShouldBe(PodSecurityLevels.Baseline);
            PodSecurityStandard.Baseline(template.Spec).ShouldBeEmpty();
            PodSecurityStandard.Restricted(template.Spec).ShouldBeSubsetOf(SandboxRelaxations);
        }

        template.Spec.AutomountServiceAccountToken.ShouldBe(false);
    }

    [Theory]
    [InlineData("gvisor", PodSecurityLevels.Baseline)]
    [InlineData("kata", PodSecurityLevels.Baseline)]
    [InlineData("kata-fc", PodSecurityLevels.Baseline)]
    [InlineData("none", PodSecurityLevels.Restricted)]
    public void Each_default_profile_claims_its_level(string sandbox, string level)
    {
        PodSecurity.Level(new BuildInput(Variants()[$"sandbox-{sandbox}"], new OperatorSettings())).ShouldBe(level);
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void With_pod_security_baseline_only_run_as_non_root_is_relaxed_outside_a_sandbox(string variant)
    {
        var input = new BuildInput(Variants()[variant], new OperatorSettings { PodSecurity = PodSecurityLevels.Baseline });
        var template = Template(input);

        PodSecurity.Level(input).ShouldBe(PodSecurityLevels.Baseline);
        PodSecurityStandard.Baseline(template.Spec).ShouldBeEmpty();
        if (!SandboxSelection.Profile(input).AllowImageUser)
        {
            PodSecurityStandard.Restricted(template.Spec).ShouldBe(["Running as Non-root"]);
        }
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
        foreach (var (sandbox, profile) in OperatorSettings.DefaultProfiles())
        {
            variants[$"sandbox-{sandbox}"] = Container(Clone(everything, s => s.Sandbox = sandbox));
            variants[$"user-in-{sandbox}"] = Container(Clone(everything, s =>
                (s.Sandbox, s.SecurityContext) = (sandbox, new SecurityContextSpec { RunAsUser = 1000, RunAsGroup = 1000, FsGroup = 2000 })));
            if (profile.AllowImageUser)
            {
                variants[$"root-in-{sandbox}"] = Container(Clone(everything, s =>
                    (s.Sandbox, s.SecurityContext) = (sandbox, new SecurityContextSpec { RunAsUser = 0 })));
            }
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
