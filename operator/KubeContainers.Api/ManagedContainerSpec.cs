using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// What the user asks for. Rules that the schema or CEL can express are checked at admission (map keys too, through
/// CEL); what depends on the operator's settings, the namespace or the creation time (limits, allowed host domains,
/// the default host's length, lifetime bounds) only by the operator's SpecValidator, which also re-checks the
/// admission rules and reports <c>Ready=False</c> with reason InvalidSpec.
/// </summary>
[Description("The desired state of the container.")]
[CelRule(
    "!has(self.files) || !has(self.volumes) || self.files.all(f, self.volumes.all(v, f.path != v.mountPath && !v.mountPath.startsWith(f.path + '/')))",
    "spec.files: a path must not be a spec.volumes mountPath nor contain one",
    FieldPath = ".files")]
[CelRule(
    "!has(self.healthCheck) || " + PortRules.HasTcpPort + " || has(self.healthCheck.port) || (has(self.healthCheck.type) && self.healthCheck.type in ['exec', 'none'])",
    "spec.healthCheck: an http, tcp or grpc check requires spec.port, a TCP port in spec.ports or spec.healthCheck.port: there is no port to probe",
    FieldPath = ".healthCheck")]
[CelRule(
    "!has(self.networking) || !has(self.networking.ingress) || self.networking.ingress == 'none' || (self.networking.ingress == 'private' && " + PortRules.HasAnyPort + ") || " + PortRules.HasHttpPort,
    "spec.networking.ingress: public requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and private requires a port; a container without a port takes none",
    FieldPath = ".networking.ingress")]
[CelRule(
    "!has(self.networking) || !has(self.networking.host) || (" + PortRules.HasHttpPort + " && (!has(self.networking.ingress) || self.networking.ingress == 'public'))",
    "spec.networking.host: requires an HTTP port (spec.port, or in spec.ports the one with http: true or the only TCP port) and networking.ingress public",
    FieldPath = ".networking.host")]
[CelRule(
    "!has(self.port) || !has(self.ports)",
    "spec.ports: not with spec.port: spec.port is the shorthand for one HTTP port; list every port in spec.ports instead",
    FieldPath = ".ports")]
[CelRule(
    "!has(self.networking) || !has(self.networking.loadBalancer) || !self.networking.loadBalancer || "
    + "(has(self.ports) && (size(self.ports) > 1 || (size(self.ports) == 1 && !" + PortRules.HasHttpPort + ")))",
    "spec.networking.loadBalancer: requires a port in spec.ports besides the HTTP port: the load balancer carries the ports the Ingress does not",
    FieldPath = ".networking.loadBalancer")]
[CelRule(
    "!has(self.networking) || !has(self.networking.loadBalancer) || !self.networking.loadBalancer || !has(self.networking.ingress) || self.networking.ingress != 'none'",
    "spec.networking.loadBalancer: not with networking.ingress none, which admits no inbound traffic",
    FieldPath = ".networking.loadBalancer")]
[CelRule(
    "!has(self.mode) || self.mode != 'oneShot' || !has(self.replicas) || self.replicas <= 1",
    "spec.replicas: must be 0 or 1 when spec.mode is oneShot",
    FieldPath = ".replicas")]
[CelRule(
    "!has(self.env) || !has(self.secretEnv) || self.secretEnv.all(s, !(s.name in self.env))",
    "spec.secretEnv: a name must not also be a key of spec.env",
    FieldPath = ".secretEnv")]
public sealed class ManagedContainerSpec
{
    [JsonPropertyName("image")]
    [Required]
    [MinLength(1)]
    [MaxLength(1024)]
    [Pattern(ValidationPatterns.ImageReference)]
    [Description("OCI image reference from any registry, e.g. nginx, ghcr.io/org/web:v1.2.3 or repo@sha256:<digest>.")]
    public string Image { get; set; } = string.Empty;

    [JsonPropertyName("command")]
    [MaxItems(256)]
    [Description("The argv to run instead of the image's entrypoint. Never a shell string: each item is one argument.")]
    public IList<string>? Command { get; set; }

    [JsonPropertyName("args")]
    [MaxItems(256)]
    [Description("Arguments to the command instead of the image's default arguments.")]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("workingDir")]
    [MaxLength(4096)]
    [Pattern(ValidationPatterns.AbsolutePath)]
    [Description("Absolute working directory of the process; the image's when omitted.")]
    public string? WorkingDir { get; set; }

    [JsonPropertyName("env")]
    [MaxProperties(ManagedContainerDefaults.MaxEnvVars)]
    [ItemMaxLength(ManagedContainerDefaults.MaxEnvValueLength)]
    [CelRule(
        "self.all(k, k.matches('" + ValidationPatterns.EnvVarName + "'))",
        "spec.env: keys must be environment variable names: letters, digits and '_', not starting with a digit")]
    [Description("Plain environment variables, name to value: at most 100, values up to 32 KiB. Names must match [A-Za-z_][A-Za-z0-9_]*.")]
    public IDictionary<string, string>? Env { get; set; }

    [JsonPropertyName("secretEnv")]
    [MaxItems(100)]
    [CelRule("self.all(e, self.exists_one(f, f.name == e.name))", "spec.secretEnv: names must be unique")]
    [Description("Environment variables taken from keys of Secrets in the same namespace.")]
    public IList<SecretEnvVarSpec>? SecretEnv { get; set; }

    [JsonPropertyName("envFrom")]
    [MaxItems(16)]
    [Description("Whole Secrets or ConfigMaps of the same namespace as environment variables, each key a variable (optionally prefixed); spec.env and spec.secretEnv win over them.")]
    public IList<EnvFromSpec>? EnvFrom { get; set; }

    [JsonPropertyName("files")]
    [MaxItems(FileSpec.MaxFiles)]
    [CelRule("self.all(f, self.exists_one(g, g.path == f.path))", "spec.files: paths must be unique")]
    [CelRule("self.all(f, self.all(g, !g.path.startsWith(f.path + '/')))", "spec.files: a path must not be inside another file's path")]
    [CelRule(
        "self.map(f, has(f.content) ? size(bytes(f.content)) : 0).sum() <= 262144",
        "spec.files: inline content must total at most 256 KiB (262144 bytes of UTF-8)")]
    [Description("Files mounted at exact paths (at most 32): inline content, or one key of a Secret or ConfigMap. Inline content goes into a ConfigMap the container owns (<name>-files); Secrets and ConfigMaps are mounted, never copied.")]
    public IList<FileSpec>? Files { get; set; }

    [JsonPropertyName("port")]
    [Minimum(1)]
    [Maximum(65535)]
    [Description("Shorthand for one HTTP port (TCP, named http); not with spec.ports. Without any port there is no Service, Ingress or URL (a worker).")]
    public int? Port { get; set; }

    [JsonPropertyName("ports")]
    [MaxItems(PortRules.MaxPorts)]
    [CelRule("self.all(p, self.exists_one(q, q.name == p.name))", "spec.ports: names must be unique")]
    [CelRule(
        "self.all(p, self.exists_one(q, q.port == p.port && (has(q.protocol) ? q.protocol : 'TCP') == (has(p.protocol) ? p.protocol : 'TCP')))",
        "spec.ports: a port and protocol pair must be unique")]
    [CelRule("self.filter(p, has(p.http) && p.http).size() <= 1", "spec.ports: at most one port may have http: true")]
    [Description("Every port the app listens on (at most 16), all on its Service; instead of spec.port, not with it. The HTTP port (http: true, or the only TCP port) gets the Ingress, the URL and the default health check.")]
    public IList<PortSpec>? Ports { get; set; }

    [JsonPropertyName("replicas")]
    [Minimum(0)]
    [Default(ManagedContainerDefaults.Replicas)]
    [Description("Number of replicas; the operator's limit (10 by default) bounds it. At most 1 in oneShot mode.")]
    public int? Replicas { get; set; }

    [JsonPropertyName("resources")]
    [Description("CPU, memory, ephemeral storage and GPUs for each replica; the operator's defaults when omitted, bounded by its limits.")]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("healthCheck")]
    [Description("The readiness and liveness check (http, tcp, exec, grpc or none), and a startup allowance. When omitted: a TCP check of spec.port; no check without a port.")]
    public HealthCheckSpec? HealthCheck { get; set; }

    [JsonPropertyName("sandbox")]
    [MaxLength(63)]
    [Pattern(ValidationPatterns.Rfc1123Label)]
    [Description("Name of an isolation profile the operator is configured with (e.g. gvisor, kata, kata-fc, none); becomes the pod's RuntimeClass. The operator's default profile when omitted.")]
    public string? Sandbox { get; set; }

    [JsonPropertyName("securityContext")]
    [Description("Who the container runs as (numeric runAsUser, runAsGroup, fsGroup). Outside a sandbox that allows the image's user: the operator's default user when omitted, never root. Inside one: the image's own user (root included) unless set.")]
    public SecurityContextSpec? SecurityContext { get; set; }

    [JsonPropertyName("architecture")]
    [Enum(Architectures.Amd64, Architectures.Arm64)]
    [Description("CPU architecture of the nodes to run on (node label kubernetes.io/arch); any when omitted.")]
    public string? Architecture { get; set; }

    [JsonPropertyName("networking")]
    [DefaultEmptyObject]
    [Description("Inbound and outbound traffic, host name and TLS.")]
    public NetworkingSpec? Networking { get; set; }

    [JsonPropertyName("volumes")]
    [MaxItems(16)]
    [CelRule("self.all(v, self.exists_one(w, w.name == v.name))", "spec.volumes: names must be unique")]
    [CelRule("self.all(v, self.exists_one(w, w.mountPath == v.mountPath))", "spec.volumes: mountPaths must be unique")]
    [CelRule(
        "self.all(v, self.all(w, !w.mountPath.startsWith(v.mountPath + '/')))",
        "spec.volumes: a mountPath must not be inside another volume's mountPath")]
    [Description("Persistent volumes, one PersistentVolumeClaim each.")]
    public IList<VolumeSpec>? Volumes { get; set; }

    [JsonPropertyName("mode")]
    [Enum(WorkloadModes.Persistent, WorkloadModes.OneShot)]
    [Default(ManagedContainerDefaults.Mode)]
    [Description("persistent: a Deployment that keeps running; oneShot: a Job that runs the command to completion.")]
    public string? Mode { get; set; }

    [JsonPropertyName("lifetime")]
    [Description("How long the container may live; after that it is stopped or deleted. Unlimited when omitted.")]
    public LifetimeSpec? Lifetime { get; set; }

    [JsonPropertyName("stopped")]
    [Default(ManagedContainerDefaults.Stopped)]
    [Description("true: scaled to zero with all configuration and volumes kept.")]
    public bool? Stopped { get; set; }

    [JsonPropertyName("restartedAt")]
    [Description("RFC 3339 time; changing it restarts all replicas, rolling, like kubectl rollout restart.")]
    public DateTimeOffset? RestartedAt { get; set; }

    [JsonPropertyName("terminationGracePeriodSeconds")]
    [Minimum(0)]
    [Maximum(3600)]
    [Description("Seconds a stopping replica gets between SIGTERM and SIGKILL to finish its work (0: killed at once); Kubernetes' 30 when omitted.")]
    public long? TerminationGracePeriodSeconds { get; set; }

    [JsonPropertyName("rollout")]
    [DefaultEmptyObject]
    [Description("How a new version is rolled out and when it is rolled back.")]
    public RolloutSpec? Rollout { get; set; }

    [JsonPropertyName("imagePullSecrets")]
    [MaxItems(16)]
    [ItemMaxLength(253)]
    [ItemPattern(ValidationPatterns.Rfc1123Subdomain)]
    [CelRule("self.all(s, self.exists_one(t, t == s))", "spec.imagePullSecrets: names must be unique")]
    [Description("Names of Secrets in the same namespace holding registry credentials.")]
    public IList<string>? ImagePullSecrets { get; set; }

    [JsonPropertyName("labels")]
    [MaxProperties(32)]
    [ItemMaxLength(63)]
    [ItemPattern(ValidationPatterns.LabelValue)]
    [CelRule(
        "self.all(k, k.matches('" + ValidationPatterns.LabelKey + "') && (!k.contains('/') || k.matches('^[^/]{1,253}/')))",
        "spec.labels: keys must be qualified names: an optional DNS subdomain prefix of at most 253 characters and '/', then a name of at most 63 characters of [A-Za-z0-9._-] starting and ending with a letter or digit")]
    [CelRule(
        "self.all(k, k != 'app.kubernetes.io/managed-by' && k != 'app.kubernetes.io/name' && !k.startsWith('" + V1Alpha1ManagedContainer.KubeGroup + "/'))",
        "spec.labels: app.kubernetes.io/managed-by, app.kubernetes.io/name and " + V1Alpha1ManagedContainer.KubeGroup + "/ keys are reserved for the operator")]
    [Description("Labels added to the pods and other children; they never override the operator's own labels, whose keys (app.kubernetes.io/managed-by, app.kubernetes.io/name, kubecontainers.io/*) are refused.")]
    public IDictionary<string, string>? Labels { get; set; }
}
