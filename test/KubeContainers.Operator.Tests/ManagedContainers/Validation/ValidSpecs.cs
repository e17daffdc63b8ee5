using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>
/// Valid ManagedContainers in the style of the README's examples, the settings they are checked against and the clock.
/// Each invalid case of the tables starts from one of them and breaks one thing.
/// </summary>
internal static class ValidSpecs
{
    public static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>An hour before <see cref="Now"/>.</summary>
    public static readonly DateTimeOffset Created = Now.AddHours(-1);

    public const string BaseDomain = "apps.example.com";

    public const string AllowedDomain = "example.org";

    public const string Namespace = "team-a";

    public static OperatorSettings Settings() => new() { BaseDomain = BaseDomain, AllowedDomains = [AllowedDomain] };

    public static readonly string Digest = "sha256:" + string.Concat(Enumerable.Repeat("0123456789abcdef", 4));

    /// <summary>By name, so theories can take a serializable key.</summary>
    public static readonly IReadOnlyDictionary<string, Func<V1Alpha1ManagedContainer>> All =
        new Dictionary<string, Func<V1Alpha1ManagedContainer>>(StringComparer.Ordinal)
        {
            ["public web app"] = PublicWebApp,
            ["web app with files and env from sources"] = WebAppWithFiles,
            ["private worker without port"] = PrivateWorker,
            ["gvisor app with no egress"] = GvisorAppWithoutEgress,
            ["one-shot job"] = OneShotJob,
            ["only an image"] = () => Container("minimal", new ManagedContainerSpec { Image = "nginx" }),
            ["tcp check with a startup allowance"] = () => Container("cache", new ManagedContainerSpec
            {
                Image = "redis:7",
                Port = 6379,
                HealthCheck = new HealthCheckSpec { Type = HealthCheckTypes.Tcp, StartupSeconds = 120 },
            }),
            ["grpc check on its own port"] = () => Container("rpc", new ManagedContainerSpec
            {
                Image = "ghcr.io/org/rpc:v1",
                Port = 8080,
                HealthCheck = new HealthCheckSpec { Type = HealthCheckTypes.Grpc, Port = 9090, Service = "org.Rpc" },
            }),
            ["exec check on a worker without a port"] = () => Container("exec-worker", new ManagedContainerSpec
            {
                Image = "busybox",
                HealthCheck = new HealthCheckSpec { Type = HealthCheckTypes.Exec, Command = ["cat", "/tmp/healthy"] },
            }),
            ["no check on a worker without a port"] = () => Container("quiet-worker", new ManagedContainerSpec
            {
                Image = "busybox",
                HealthCheck = new HealthCheckSpec { Type = HealthCheckTypes.None },
            }),
            ["web with a grpc and a udp port"] = MultiPortApp,
            ["database on a port that is not http"] = () => Container("db", new ManagedContainerSpec
            {
                Image = "postgres:16",
                Ports = [new PortSpec { Name = "postgres", Port = 5432, Http = false }],
                Sandbox = "gvisor",
            }),
        };

    /// <summary>An HTTP port, a second TCP port and a UDP port, public on the HTTP one.</summary>
    public static V1Alpha1ManagedContainer MultiPortApp() => Container("game", new ManagedContainerSpec
    {
        Image = "ghcr.io/org/game:v2",
        Ports =
        [
            new PortSpec { Name = "web", Port = 8080, Http = true },
            new PortSpec { Name = "grpc", Port = 9090, Protocol = PortProtocols.Tcp },
            new PortSpec { Name = "voice", Port = 7777, Protocol = PortProtocols.Udp },
        ],
        Sandbox = "gvisor",
        Networking = new NetworkingSpec { Host = "game." + BaseDomain },
    });

    public static V1Alpha1ManagedContainer PublicWebApp() => Container("web", new ManagedContainerSpec
    {
        Image = "ghcr.io/org/web:v1.2.3",
        Command = ["/app/server"],
        Args = ["--port=8080"],
        WorkingDir = "/app",
        Env = new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["_PRIVATE"] = "1" },
        SecretEnv = [new SecretEnvVarSpec { Name = "DB_PASSWORD", SecretName = "db.credentials", Key = "password" }],
        Port = 8080,
        Replicas = 2,
        Resources = new ResourcesSpec { Cpu = "500m", Memory = "512Mi", EphemeralStorage = "5Gi" },
        HealthCheck = new HealthCheckSpec { Path = "/healthz?full=1", PeriodSeconds = 5, TimeoutSeconds = 2, FailureThreshold = 3, InitialDelaySeconds = 0 },
        Sandbox = "gvisor",
        SecurityContext = new SecurityContextSpec { RunAsUser = 1000, RunAsGroup = 1000, FsGroup = 2000 },
        Architecture = Architectures.Amd64,
        Networking = new NetworkingSpec { Ingress = IngressModes.Public, Egress = EgressModes.Internet, Host = "web." + BaseDomain, Tls = true },
        Volumes =
        [
            new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi", StorageClassName = "standard", Retain = true },
            new VolumeSpec { Name = "cache", MountPath = "/var/cache/app", Size = "500Mi" },
            new VolumeSpec { Name = "database", MountPath = "/database", Size = "100Gi" },
        ],
        Mode = WorkloadModes.Persistent,
        Lifetime = new LifetimeSpec { TimeoutSeconds = 3600, OnExpiry = ExpiryActions.Stop },
        RestartedAt = Now.AddDays(1),
        Rollout = new RolloutSpec { ProgressDeadlineSeconds = 600, AutoRollback = true },
        ImagePullSecrets = ["ghcr-pull"],
        Labels = new Dictionary<string, string> { ["tier"] = "frontend", ["example.com/team"] = "a", ["empty"] = string.Empty },
    });

    /// <summary>The public web app with every kind of file (inline, from a Secret, from a ConfigMap, one inside a
    /// volume's mount path) and both kinds of envFrom.</summary>
    public static V1Alpha1ManagedContainer WebAppWithFiles()
    {
        var container = PublicWebApp();
        container.Spec.Files =
        [
            new FileSpec { Path = "/etc/web/config.yaml", Content = "listen: 8080\n" },
            new FileSpec { Path = "/etc/web/tls/key.pem", SecretName = "web.tls", Key = "tls.key", Mode = 256 },
            new FileSpec { Path = "/etc/web/motd", ConfigMapName = "web-settings", Key = "motd", Mode = 420 },
            new FileSpec { Path = "/data/seed.sql", Content = "" },
        ];
        container.Spec.EnvFrom =
        [
            new EnvFromSpec { ConfigMapName = "web-settings", Prefix = "WEB_" },
            new EnvFromSpec { SecretName = "web.tls", Optional = true },
        ];
        return container;
    }

    public static V1Alpha1ManagedContainer PrivateWorker() => Container("queue.worker", new ManagedContainerSpec
    {
        Image = "registry.example.com:5000/team/worker@" + Digest,
        Env = new Dictionary<string, string> { ["QUEUE"] = "jobs" },
        Replicas = 3,
        Resources = new ResourcesSpec { Cpu = "2", Memory = "2Gi", Gpu = 1 },
        Sandbox = "kata",
        // Root inside a sandbox profile that lets the image's user run (kata does by default).
        SecurityContext = new SecurityContextSpec { RunAsUser = 0 },
        Architecture = Architectures.Arm64,
        Networking = new NetworkingSpec { Egress = EgressModes.Cluster },
        Volumes = [new VolumeSpec { Name = "scratch", MountPath = "/scratch", Size = "10Gi" }],
    });

    public static V1Alpha1ManagedContainer GvisorAppWithoutEgress() => Container("site", new ManagedContainerSpec
    {
        Image = "nginx:1.27",
        Port = 80,
        Sandbox = "gvisor",
        HealthCheck = new HealthCheckSpec { Path = "/" },
        Networking = new NetworkingSpec { Ingress = IngressModes.Public, Egress = EgressModes.None, Host = AllowedDomain },
        Lifetime = new LifetimeSpec { ExpiresAt = Created.AddDays(30), OnExpiry = ExpiryActions.Delete },
    });

    public static V1Alpha1ManagedContainer OneShotJob() => Container("report", new ManagedContainerSpec
    {
        Image = "python:3.13-slim",
        Command = ["python", "-c", "print('done')"],
        Mode = WorkloadModes.OneShot,
        Replicas = 1,
        Lifetime = new LifetimeSpec { ExpiresAt = Created.AddMinutes(30), OnExpiry = ExpiryActions.Delete },
    });

    /// <summary>The repository's samples (config/samples), as kubectl would send them.</summary>
    public static IReadOnlyList<(string File, string Yaml)> RepositorySamples() =>
        [.. Directory.GetFiles(RepositoryPath("config", "samples"), "*.yaml")
            .Select(f => (File: Path.GetFileName(f), Yaml: File.ReadAllText(f)))
            .Where(f => f.Yaml.Contains("kind: ManagedContainer\n", StringComparison.Ordinal))
            .OrderBy(f => f.File, StringComparer.Ordinal)];

    public static V1Alpha1ManagedContainer FromYaml(string yaml) => KubernetesYaml.Deserialize<V1Alpha1ManagedContainer>(yaml);

    /// <summary>A path in the source tree (the binaries may live elsewhere).</summary>
    public static string RepositoryPath(string first, params string[] rest) => Path.Combine([RepoPaths.Root, first, .. rest]);


    private static V1Alpha1ManagedContainer Container(string name, ManagedContainerSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, CreationTimestamp = Created.UtcDateTime },
        Spec = spec,
    };
}
