using Microsoft.Extensions.Logging;

namespace KubeContainers.Operator.Configuration;

/// <summary>
/// The operator's settings as one immutable snapshot, handed to the pure resource builders. Built from flags,
/// <c>KUBECONTAINERS_</c> environment variables and appsettings by <see cref="OperatorSettingsLoader"/>.
/// </summary>
public sealed record OperatorSettings
{
    /// <summary>The default public host is <c>&lt;name&gt;-&lt;namespace&gt;.&lt;BaseDomain&gt;</c>.</summary>
    public string BaseDomain { get; init; } = "kubecontainers.localhost";

    /// <summary>Custom hosts must be this domain's subdomains or one of these; empty allows only the base domain.</summary>
    public IReadOnlyList<string> AllowedDomains { get; init; } = [];

    /// <summary>The IngressClass of every Ingress; null leaves it to the cluster's default class.</summary>
    public string? IngressClass { get; init; } = "nginx";

    /// <summary>For ingress controllers that never publish an address in the Ingress's status (some do not):
    /// IngressReady is True once the Ingress exists, instead of waiting for an address.</summary>
    public bool IngressReadyWithoutAddress { get; init; }

    /// <summary>cert-manager ClusterIssuer for TLS; without one there is no TLS and URLs are http.</summary>
    public string? TlsIssuer { get; init; }

    /// <summary>Whether <c>spec.networking.loadBalancer</c> may put ports on a Service of type LoadBalancer: off by
    /// default, because each one is a public address (and, on a cloud, a billed load balancer) outside the Ingress's
    /// control; a container asking for one without it is refused (InvalidSpec) naming the setting.</summary>
    public bool AllowLoadBalancers { get; init; }

    /// <summary>TLS when <c>spec.networking.tls</c> is not set (only effective with a <see cref="TlsIssuer"/>).</summary>
    public bool TlsByDefault { get; init; } = true;

    public string DefaultSandbox { get; init; } = "gvisor";

    /// <summary>The profiles by name; <see cref="DefaultProfiles"/> unless configured.</summary>
    public IReadOnlyDictionary<string, SandboxProfile> Sandboxes { get; init; } = DefaultProfiles();

    /// <summary>The built-in plan's per-container maxima (the <c>--max-*</c> flags): in force in a namespace without
    /// the <c>kubecontainers.io/plan</c> label while no ContainerPlan named <see cref="DefaultPlan"/> exists.</summary>
    public OperatorLimits Limits { get; init; } = new();

    /// <summary>The plan of every namespace without the <c>kubecontainers.io/plan</c> label: the ContainerPlan of this
    /// name, else the built-in plan made of <see cref="Limits"/>, <see cref="DefaultCpu"/>, <see cref="DefaultMemory"/>
    /// and <see cref="DefaultSandbox"/>.</summary>
    public string DefaultPlan { get; init; } = "default";

    /// <summary>Requests and limits when <c>spec.resources</c> leaves them out.</summary>
    public string DefaultCpu { get; init; } = "250m";

    public string DefaultMemory { get; init; } = "256Mi";

    /// <summary><c>restricted</c> (runAsNonRoot on every pod) or <c>baseline</c> (the rest of restricted).</summary>
    public string PodSecurity { get; init; } = PodSecurityLevels.Restricted;

    /// <summary>
    /// Under <see cref="PodSecurityLevels.Restricted"/>, the pod's runAsUser, runAsGroup and fsGroup: the kubelet
    /// refuses runAsNonRoot for an image whose user is root or a name (it cannot verify a name), so without a numeric
    /// user the images most people run (nginx, redis, podinfo's <c>app</c>) would never start. 65532 is distroless's
    /// <c>nonroot</c>; the group owns the volumes (fsGroup) so the user can write them.
    /// </summary>
    public long DefaultRunAsUser { get; init; } = 65532;

    /// <summary>Where the ingress controller runs: the only namespace a public container accepts traffic from.</summary>
    public string IngressNamespace { get; init; } = "ingress-nginx";

    /// <summary>Where cluster DNS runs, and its pods' labels: the only egress every container has.</summary>
    public string DnsNamespace { get; init; } = "kube-system";

    public IReadOnlyDictionary<string, string> DnsPodLabels { get; init; } = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" };

    /// <summary>Never reachable with egress <c>internet</c>: the cloud metadata address and the cluster's pod and service ranges.</summary>
    public IReadOnlyList<string> BlockedEgressCidrs { get; init; } = ["169.254.169.254/32", "10.244.0.0/16", "10.96.0.0/12"];

    /// <summary>Namespaces to watch; empty watches all.</summary>
    public IReadOnlyList<string> WatchNamespaces { get; init; } = [];

    public int Workers { get; init; } = 4;

    public bool LeaderElection { get; init; }

    /// <summary>Namespace of the leader-election Lease; defaults to the pod's namespace.</summary>
    public string? LeaderElectionNamespace { get; init; }

    /// <summary>Name of the leader-election Lease. Two installations in one namespace need different names; the chart
    /// derives it from the release.</summary>
    public string LeaderElectionId { get; init; } = "kubecontainers-operator";

    public int MetricsPort { get; init; } = 8080;

    public int HealthPort { get; init; } = 8081;

    /// <summary>Client-side rate limit towards the API server.</summary>
    public double Qps { get; init; } = 50;

    public int Burst { get; init; } = 100;

    /// <summary>How often every ManagedContainer is reconciled even when nothing changed (drift the watches missed).</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a wake-up by a child (Deployment, pod, Service...) waits, so that a rollout's burst of child
    /// events costs one reconcile instead of one each; a user's edit of the ManagedContainer is never delayed.</summary>
    public TimeSpan ChildEventDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The least time from the start of a container's reconcile to the next one woken by its children, so a
    /// rollout costs about one reconcile per interval even when workers are idle; zero for none.</summary>
    public TimeSpan ChildEventInterval { get; init; } = TimeSpan.Zero;

    /// <summary>How long a container's children may keep its wake-up waiting while their events keep coming: each
    /// event moves it to <see cref="ChildEventDelay"/> after itself, up to this long after the first, so a rollout
    /// whose steps come less than the delay apart costs one reconcile, when it is over. At or below the delay: the
    /// first event's delay stands (a rollout slower than the delay is seen half-way).</summary>
    public TimeSpan ChildEventMaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The least severe log level written (<c>--log-level</c>); the Microsoft.* categories (the host, ASP.NET
    /// Core) write Warning and above, or only this level and above when it is more severe.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary><see cref="LogFormats.Text"/> (one line per entry) or <see cref="LogFormats.Json"/> (one JSON object
    /// per line, for log shippers).</summary>
    public string LogFormat { get; init; } = LogFormats.Text;

    /// <summary>gVisor, Kata (QEMU), Kata Firecracker and none, the built-in profiles. The three sandboxes let the
    /// image's own user run (root included) and claim baseline; none keeps the operator's default user.</summary>
    public static IReadOnlyDictionary<string, SandboxProfile> DefaultProfiles() => new Dictionary<string, SandboxProfile>
    {
        ["gvisor"] = new() { Name = "gvisor", Handler = "runsc", AllowImageUser = true },
        ["kata"] = new()
        {
            Name = "kata",
            Handler = "kata-qemu",
            AllowImageUser = true,
            Overhead = new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "160Mi" },
            NodeSelector = new Dictionary<string, string> { ["katacontainers.io/kata-runtime"] = "true" },
        },
        ["kata-fc"] = new()
        {
            Name = "kata-fc",
            Handler = "kata-fc",
            AllowImageUser = true,
            Overhead = new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "130Mi" },
            NodeSelector = new Dictionary<string, string> { ["katacontainers.io/kata-runtime"] = "true" },
        },
        ["none"] = new() { Name = "none" },
    };
}
