namespace KubeContainers.Operator.Configuration;

/// <summary>Every flag the operator takes, with the configuration key behind it.</summary>
public static class OperatorFlags
{
    public static readonly OperatorFlag BaseDomain = new("base-domain", "BaseDomain");
    public static readonly OperatorFlag AllowedDomains = new("allowed-domains", "AllowedDomains", OperatorFlagKind.List);
    public static readonly OperatorFlag IngressClass = new("ingress-class", "IngressClass");
    public static readonly OperatorFlag IngressReadyWithoutAddress = new("ingress-ready-without-address", "IngressReadyWithoutAddress", OperatorFlagKind.Switch);
    public static readonly OperatorFlag TlsIssuer = new("tls-issuer", "TlsIssuer");
    public static readonly OperatorFlag AllowLoadBalancers = new("allow-load-balancers", "AllowLoadBalancers", OperatorFlagKind.Switch);
    public static readonly OperatorFlag TlsByDefault = new("tls-by-default", "TlsByDefault", OperatorFlagKind.Switch);
    public static readonly OperatorFlag DefaultSandbox = new("default-sandbox", "DefaultSandbox");
    public static readonly OperatorFlag IngressNamespace = new("ingress-namespace", "IngressNamespace");
    public static readonly OperatorFlag DnsNamespace = new("dns-namespace", "DnsNamespace");
    public static readonly OperatorFlag BlockedEgressCidrs = new("blocked-egress-cidrs", "BlockedEgressCidrs", OperatorFlagKind.List);
    public static readonly OperatorFlag WatchNamespaces = new("watch-namespaces", "WatchNamespaces", OperatorFlagKind.List);
    public static readonly OperatorFlag Workers = new("workers", "Workers");
    public static readonly OperatorFlag LeaderElection = new("leader-election", "LeaderElection", OperatorFlagKind.Switch);
    public static readonly OperatorFlag LeaderElectionNamespace = new("leader-election-namespace", "LeaderElectionNamespace");
    public static readonly OperatorFlag LeaderElectionId = new("leader-election-id", "LeaderElectionId");
    public static readonly OperatorFlag MetricsPort = new("metrics-port", "MetricsPort");
    public static readonly OperatorFlag HealthPort = new("health-port", "HealthPort");
    public static readonly OperatorFlag Qps = new("qps", "Qps");
    public static readonly OperatorFlag Burst = new("burst", "Burst");
    public static readonly OperatorFlag ResyncSeconds = new("resync-seconds", "ResyncSeconds");
    public static readonly OperatorFlag ChildEventDelayMs = new("child-event-delay-ms", "ChildEventDelayMs");
    public static readonly OperatorFlag ChildEventIntervalMs = new("child-event-interval-ms", "ChildEventIntervalMs");
    public static readonly OperatorFlag ChildEventMaxDelayMs = new("child-event-max-delay-ms", "ChildEventMaxDelayMs");
    public static readonly OperatorFlag PodSecurity = new("pod-security", "PodSecurity");
    public static readonly OperatorFlag DefaultRunAsUser = new("default-run-as-user", "DefaultRunAsUser");
    public static readonly OperatorFlag DefaultCpu = new("default-cpu", "DefaultCpu");
    public static readonly OperatorFlag DefaultMemory = new("default-memory", "DefaultMemory");
    public static readonly OperatorFlag DefaultPlan = new("default-plan", "DefaultPlan");
    public static readonly OperatorFlag MaxReplicas = new("max-replicas", "Limits:MaxReplicas");
    public static readonly OperatorFlag MaxCpu = new("max-cpu", "Limits:MaxCpu");
    public static readonly OperatorFlag MaxMemory = new("max-memory", "Limits:MaxMemory");
    public static readonly OperatorFlag MaxEphemeralStorage = new("max-ephemeral-storage", "Limits:MaxEphemeralStorage");
    public static readonly OperatorFlag MaxGpu = new("max-gpu", "Limits:MaxGpu");
    public static readonly OperatorFlag MaxLifetimeSeconds = new("max-lifetime-seconds", "Limits:MaxLifetimeSeconds");
    public static readonly OperatorFlag MaxVolumes = new("max-volumes", "Limits:MaxVolumes");
    public static readonly OperatorFlag MaxVolumeSize = new("max-volume-size", "Limits:MaxVolumeSize");
    public static readonly OperatorFlag MaxEnvVars = new("max-env-vars", "Limits:MaxEnvVars");
    public static readonly OperatorFlag LogLevel = new("log-level", "LogLevel");
    public static readonly OperatorFlag LogFormat = new("log-format", "LogFormat");

    /// <summary>Where the API server is (not an operator setting: see <see cref="ClusterConnection"/>).</summary>
    public static readonly OperatorFlag Kubeconfig = new("kubeconfig", "Kubeconfig");

    public static readonly OperatorFlag Context = new("context", "Context");

    public static IReadOnlyList<OperatorFlag> All { get; } =
    [
        BaseDomain, AllowedDomains, IngressClass, IngressReadyWithoutAddress, TlsIssuer, AllowLoadBalancers, TlsByDefault, DefaultSandbox, IngressNamespace, DnsNamespace,
        BlockedEgressCidrs, WatchNamespaces, Workers, LeaderElection, LeaderElectionNamespace, LeaderElectionId, MetricsPort, HealthPort,
        Qps, Burst, ResyncSeconds, ChildEventDelayMs, ChildEventIntervalMs, ChildEventMaxDelayMs, PodSecurity, DefaultRunAsUser, DefaultCpu, DefaultMemory, DefaultPlan, MaxReplicas, MaxCpu, MaxMemory,
        MaxEphemeralStorage, MaxGpu, MaxLifetimeSeconds, MaxVolumes, MaxVolumeSize, MaxEnvVars, LogLevel, LogFormat, Kubeconfig, Context,
    ];

    /// <summary>The flag by its name without dashes in front; null when there is none.</summary>
    public static OperatorFlag? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
}
