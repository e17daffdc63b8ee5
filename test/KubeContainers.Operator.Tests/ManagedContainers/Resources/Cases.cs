using System.Text;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

/// <summary>Representative ManagedContainers, each a golden file of everything it becomes.</summary>
internal static class Cases
{
    public const string Namespace = "team-a";

    public static OperatorSettings Settings { get; } = new();

    public static OperatorSettings WithIssuer { get; } = new() { TlsIssuer = "letsencrypt", IngressClass = "traefik" };

    public static IReadOnlyDictionary<string, BuildInput> All { get; } = new Dictionary<string, BuildInput>
    {
        // The common case: an image and a port, public with the defaults (no issuer configured: http).
        ["public-web"] = new(Container("web", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/web:v1.2.3",
            Port = 8080,
            Replicas = 2,
            Env = new Dictionary<string, string> { ["LOG_LEVEL"] = "info", ["API_BASE"] = "https://api.example.com", ["B_FLAG"] = "1" },
            SecretEnv = [new SecretEnvVarSpec { Name = "DB_PASSWORD", SecretName = "db", Key = "password" }, new SecretEnvVarSpec { Name = "API_TOKEN", SecretName = "api", Key = "token" }],
            Labels = new Dictionary<string, string> { ["team"] = "a", ["app.kubernetes.io/name"] = "spoofed", ["env"] = "prod" },
            ImagePullSecrets = ["ghcr-pull"],
            RestartedAt = new DateTimeOffset(2025, 11, 20, 9, 30, 15, TimeSpan.FromHours(2)),
            Networking = new NetworkingSpec { Egress = EgressModes.Internet },
        }), Settings),

        // A queue worker: no port, so no Service, Ingress, probes nor inbound traffic; cluster egress; no sandbox.
        ["worker"] = new(Container("worker", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/worker@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            Command = ["/bin/worker"],
            Args = ["--queue", "jobs", "--concurrency=4"],
            WorkingDir = "/srv",
            // A worker finishing the job in hand before it stops.
            TerminationGracePeriodSeconds = 120,
            Replicas = 3,
            Sandbox = "none",
            Networking = new NetworkingSpec { Egress = EgressModes.Cluster },
        }), Settings),

        // An internal API: a Service reachable from the namespace only, with its own health check.
        ["private-api"] = new(Container("api", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/api:2",
            Port = 9000,
            Networking = new NetworkingSpec { Ingress = IngressModes.Private },
            HealthCheck = new HealthCheckSpec { Path = "/ready", Port = 9001, PeriodSeconds = 5, TimeoutSeconds = 2, FailureThreshold = 6, InitialDelaySeconds = 10 },
            Rollout = new RolloutSpec { ProgressDeadlineSeconds = 120 },
        }), Settings),

        // gVisor asked for by name, public, no egress beyond DNS.
        ["gvisor-egress-none"] = new(Container("static", new ManagedContainerSpec
        {
            Image = "nginx",
            Port = 80,
            Sandbox = "gvisor",
            Networking = new NetworkingSpec { Egress = EgressModes.None },
        }), Settings),

        // Kata with two volumes, one retained, and ephemeral storage.
        ["kata-volumes"] = new(Container("notes", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/notes:1",
            Port = 8080,
            Sandbox = "kata",
            Networking = new NetworkingSpec { Ingress = IngressModes.Private },
            Resources = new ResourcesSpec { Cpu = "1", Memory = "2Gi", EphemeralStorage = "5Gi" },
            Volumes =
            [
                new VolumeSpec { Name = "data", MountPath = "/var/lib/notes", Size = "20Gi", StorageClassName = "fast-ssd", Retain = true },
                new VolumeSpec { Name = "scratch", MountPath = "/scratch", Size = "1Gi" },
            ],
        }), Settings),

        // A oneShot Job running a command to completion.
        ["oneshot-job"] = new(Container("migrate", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/migrate:1",
            Command = ["/migrate", "up"],
            Mode = WorkloadModes.OneShot,
            Env = new Dictionary<string, string> { ["DRY_RUN"] = "false" },
            Networking = new NetworkingSpec { Egress = EgressModes.Cluster },
        }), Settings),

        // Stopped: everything kept, zero replicas.
        ["stopped"] = new(Container("paused", new ManagedContainerSpec
        {
            Image = "nginx:1.27",
            Port = 8080,
            Replicas = 4,
            Stopped = true,
        }), Settings, Suspended: true),

        // A custom host with an issuer configured: https, the cert-manager annotation, the TLS Secret.
        ["custom-host-tls"] = new(Container("shop", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/shop:3",
            Port = 3000,
            Networking = new NetworkingSpec { Host = "shop.example.com", Egress = EgressModes.Internet },
        }), WithIssuer),

        // arm64 nodes, a GPU, bigger resources, and an image rolled back to the last healthy one.
        ["arm64-gpu"] = new(Container("infer", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/infer:v2",
            Port = 8000,
            Architecture = Architectures.Arm64,
            Resources = new ResourcesSpec { Cpu = "2", Memory = "4Gi", Gpu = 1 },
            Sandbox = "kata-fc",
        }), Settings, ServingImage: "ghcr.io/acme/infer:v1"),

        // Outside a sandbox (profile none): restricted, runAsNonRoot, the operator's numeric default user.
        ["no-sandbox"] = new(Container("plain", new ManagedContainerSpec
        {
            Image = "ghcr.io/stefanprodan/podinfo:6.7.1",
            Port = 9898,
            Sandbox = "none",
        }), Settings),

        // Outside a sandbox, the spec's user wins over the default one; its group owns the volumes.
        ["no-sandbox-user"] = new(Container("owned", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/files:1",
            Sandbox = "none",
            SecurityContext = new SecurityContextSpec { RunAsUser = 1000, FsGroup = 2000 },
            Volumes = [new VolumeSpec { Name = "files", MountPath = "/files", Size = "1Gi" }],
        }), Settings),

        // Inside gVisor, a root image with a volume (postgres): the image's user runs, no default user.
        ["gvisor-root-image"] = new(Container("db", new ManagedContainerSpec
        {
            Image = "postgres:16",
            Volumes = [new VolumeSpec { Name = "data", MountPath = "/var/lib/postgresql/data", Size = "5Gi" }],
        }), Settings),

        // The baseline pod security level: no runAsNonRoot, everything else of restricted kept.
        ["baseline"] = new(Container("legacy", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/legacy:1",
            Port = 8080,
        }), Settings with { PodSecurity = PodSecurityLevels.Baseline }),

        // spec.ports: podinfo's HTTP port, its gRPC port and a UDP port. The HTTP port gets the Ingress and the
        // probe; the Service carries all three by name; the NetworkPolicy admits the others from the namespace.
        ["multi-port"] = new(Container("podinfo", new ManagedContainerSpec
        {
            Image = "ghcr.io/stefanprodan/podinfo:6.7.1",
            Ports =
            [
                new PortSpec { Name = "http", Port = 9898, Http = true },
                new PortSpec { Name = "grpc", Port = 9999 },
                new PortSpec { Name = "statsd", Port = 8125, Protocol = PortProtocols.Udp },
            ],
        }), Settings),

        // A game server on a load balancer the operator allows: its TCP and UDP game ports on <name>-lb, open to
        // every source in the NetworkPolicy; the HTTP port stays behind the Ingress.
        ["load-balancer"] = new(Container("game", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/game:3",
            Ports =
            [
                new PortSpec { Name = "web", Port = 8080, Http = true },
                new PortSpec { Name = "game", Port = 7777, Protocol = PortProtocols.Udp },
                new PortSpec { Name = "rcon", Port = 27015, Protocol = PortProtocols.Tcp },
            ],
            Networking = new NetworkingSpec { LoadBalancer = true },
        }), Settings with { AllowLoadBalancers = true }),

        // Only a UDP port (a DNS server): private by default, no probe (nothing a TCP check could open).
        ["udp-only"] = new(Container("dns", new ManagedContainerSpec
        {
            Image = "ghcr.io/acme/dns:1",
            Ports = [new PortSpec { Name = "dns", Port = 5353, Protocol = PortProtocols.Udp }],
        }), Settings),

        // Files at exact paths (inline into the owned ConfigMap, a Secret's and a ConfigMap's keys mounted where they
        // are) and whole Secrets and ConfigMaps as environment, in gVisor.
        ["nginx-files"] = new(Container("site", new ManagedContainerSpec
        {
            Image = "nginx:1.27",
            Port = 80,
            Files =
            [
                new FileSpec { Path = "/etc/nginx/conf.d/default.conf", Content = "server {\n  listen 80;\n  location / { return 200 'ok'; }\n}\n" },
                new FileSpec { Path = "/etc/nginx/tls/site.key", SecretName = "site-tls", Key = "tls.key", Mode = 256 },
                new FileSpec { Path = "/etc/nginx/tls/site.crt", SecretName = "site-tls", Key = "tls.crt" },
                new FileSpec { Path = "/usr/share/nginx/html/index.html", ConfigMapName = "site-pages", Key = "index.html", Mode = 292 },
                new FileSpec { Path = "/usr/share/nginx/html/robots.txt", Content = "User-agent: *\nDisallow:\n", Mode = 420 },
            ],
            EnvFrom =
            [
                new EnvFromSpec { ConfigMapName = "site-settings", Prefix = "SITE_" },
                new EnvFromSpec { SecretName = "site-api", Optional = true },
            ],
        }), Settings),
    };

    public static TheoryData<string> Names { get; } = new(All.Keys);

    /// <summary>Every child of the input, in a fixed order; the absent ones as null with their kind.</summary>
    public static IReadOnlyList<(string Kind, object? Object)> Children(BuildInput input) =>
    [
        ("Deployment", DeploymentResource.Make(input)),
        ("Job", JobResource.Make(input)),
        ("Service", ServiceResource.Make(input)),
        ("Ingress", IngressResource.Make(input)),
        ("NetworkPolicy", NetworkPolicyResource.Make(input)),
        // Only when there is one, so the files of containers without a load balancer do not list it.
        .. new[] { LoadBalancerServiceResource.Make(input) }.OfType<V1Service>().Select(s => ("Service (LoadBalancer)", (object?)s)),
        .. ClaimResource.Make(input).Select(c => ("PersistentVolumeClaim", (object?)c)),
        .. FilesResource.ConfigMap(input) is { } files ? [("ConfigMap", (object?)files)] : Array.Empty<(string, object?)>(),
    ];

    /// <summary>An input for a focused test: container <c>app</c> in <see cref="Namespace"/>.</summary>
    public static BuildInput Input(ManagedContainerSpec spec, OperatorSettings? settings = null, bool suspended = false) =>
        new(Container("app", spec), settings ?? Settings, suspended);

    public static V1Alpha1ManagedContainer Container(string name, ManagedContainerSpec spec) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Namespace,
            // A fixed uid per name, so golden files are stable and owner references tell containers apart.
            Uid = "00000000-0000-4000-8000-" + Convert.ToHexStringLower(Encoding.ASCII.GetBytes(name.PadRight(6)[..6])),
            Generation = 1,
        },
        Spec = spec,
    };
}
