using k8s.Models;

namespace KubeContainers.Api.Tests;

/// <summary>Sample objects for the tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>A ManagedContainer with every spec and status field set.</summary>
    public static V1Alpha1ManagedContainer Full()
    {
        var mc = new V1Alpha1ManagedContainer
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web",
                NamespaceProperty = "team-a",
                Generation = 3,
                Labels = new Dictionary<string, string> { ["team"] = "a" },
            },
            Spec = new ManagedContainerSpec
            {
                Image = "ghcr.io/org/web:v1.2.3",
                Command = ["/app/server"],
                Args = ["--verbose", "--port=8080"],
                WorkingDir = "/app",
                Env = new Dictionary<string, string> { ["LOG_LEVEL"] = "debug", ["MODE"] = "prod" },
                SecretEnv = [new SecretEnvVarSpec { Name = "DB_PASSWORD", SecretName = "db", Key = "password" }],
                EnvFrom = [new EnvFromSpec { ConfigMapName = "settings", Prefix = "APP_", Optional = false }, new EnvFromSpec { SecretName = "api" }],
                Files =
                [
                    new FileSpec { Path = "/etc/app/config.yaml", Content = "level: debug\n", Mode = 420 },
                    new FileSpec { Path = "/etc/app/key.pem", SecretName = "tls", Key = "tls.key", Mode = 256 },
                    new FileSpec { Path = "/etc/app/motd", ConfigMapName = "settings", Key = "motd" },
                ],
                Port = 8080,
                // Both for the round trip; admission would refuse port with ports.
                Ports = [new PortSpec { Name = "grpc", Port = 9090, Protocol = PortProtocols.Tcp, Http = false }],
                Replicas = 2,
                Resources = new ResourcesSpec { Cpu = "500m", Memory = "512Mi", EphemeralStorage = "5Gi", Gpu = 1 },
                // Every field of every kind, for the serialization round trip; admission would refuse this mix.
                HealthCheck = new HealthCheckSpec
                {
                    Type = HealthCheckTypes.Http,
                    Path = "/healthz",
                    Command = ["cat", "/tmp/healthy"],
                    Service = "org.Web",
                    StartupSeconds = 120,
                    Port = 8081,
                    PeriodSeconds = 5,
                    TimeoutSeconds = 2,
                    FailureThreshold = 4,
                    InitialDelaySeconds = 3,
                },
                Sandbox = "gvisor",
                SecurityContext = new SecurityContextSpec { RunAsUser = 999, RunAsGroup = 999, FsGroup = 999 },
                Architecture = Architectures.Arm64,
                Networking = new NetworkingSpec
                {
                    Ingress = IngressModes.Public,
                    Egress = EgressModes.Internet,
                    Host = "web.example.com",
                    Tls = true,
                    LoadBalancer = true,
                },
                Volumes =
                [
                    new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi", StorageClassName = "fast", Retain = true },
                ],
                Mode = WorkloadModes.Persistent,
                Lifetime = new LifetimeSpec { TimeoutSeconds = 3600, ExpiresAt = Now.AddDays(1), OnExpiry = ExpiryActions.Delete },
                Stopped = false,
                RestartedAt = Now,
                TerminationGracePeriodSeconds = 45,
                Rollout = new RolloutSpec { ProgressDeadlineSeconds = 300, AutoRollback = false },
                ImagePullSecrets = ["ghcr-pull"],
                Labels = new Dictionary<string, string> { ["tier"] = "frontend" },
            },
            Status = new ManagedContainerStatus
            {
                Phase = ManagedContainerPhases.Running,
                Url = "https://web.example.com",
                InternalUrl = "http://web.team-a.svc.cluster.local:8080",
                Addresses =
                [
                    new AddressStatus { Name = "http", Port = 8080, Protocol = PortProtocols.Tcp, Internal = "web.team-a.svc.cluster.local:8080" },
                    new AddressStatus
                    {
                        Name = "grpc",
                        Port = 9090,
                        Protocol = PortProtocols.Tcp,
                        Internal = "web.team-a.svc.cluster.local:9090",
                        External = "203.0.113.7:9090",
                    },
                ],
                ObservedGeneration = 3,
                Selector = "kubecontainers.io/container=web",
                History =
                [
                    new RolloutRecord
                    {
                        Revision = 4,
                        Image = "ghcr.io/org/web:v1.2.3",
                        Change = "image ghcr.io/org/web:v1.2.2 -> ghcr.io/org/web:v1.2.3",
                        StartedAt = Now.AddMinutes(-5),
                        ReadyAt = Now.AddMinutes(-4),
                        Outcome = RolloutOutcomes.Ready,
                    },
                ],
                Image = "ghcr.io/org/web:v1.2.3",
                LastHealthyImage = "ghcr.io/org/web:v1.2.2",
                LastDeployedAt = Now.AddMinutes(-5),
                ExitCode = 0,
                CompletedAt = Now.AddMinutes(-1),
                ExpiresAt = Now.AddHours(1),
                Sandbox = "gvisor",
                RuntimeClassName = "gvisor",
                Plan = "team",
                Admitted = new PlanFootprint
                {
                    Replicas = 2, Cpu = "500m", Memory = "512Mi", EphemeralStorage = "1Gi", Gpu = 0, Volumes = 1, LargestVolume = "1Gi",
                    Storage = "1Gi", EnvVars = 3, LifetimeSeconds = 3600, Sandbox = "gvisor", Egress = "none", Ingress = "public",
                    Architecture = "amd64", OneShot = false, CustomDomain = false, Root = false, LoadBalancer = false, Running = true,
                },
                Checks = new StatusChecks
                {
                    ImagePulled = true,
                    Scheduled = true,
                    Running = true,
                    HealthCheckPassing = true,
                    NetworkConfigured = true,
                    SandboxAvailable = true,
                    UrlAssigned = true,
                    VolumesBound = true,
                },
            },
        };
        mc.Status.PropagateReplicas(2, 2);
        mc.Status.InitializeConditions(Now);
        return mc;
    }
}
