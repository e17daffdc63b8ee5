namespace KubeContainers.Operator.Tests.Plans;

/// <summary>
/// One row per rule of the plan admission policy: a spec that breaks it (refused with <see cref="Message"/>, where
/// <c>{plan}</c> is the plan's name) and one at the limit, or with an allowed value, that is admitted. Every spec is
/// otherwise acceptable to <see cref="Plan"/>: the base has a private port (the plan refuses ingress none and public URLs).
/// </summary>
public sealed record PlanAdmissionRule(string Name, string Refused, string Admitted, string Message)
{
    /// <summary>The plan the rows run on: every limit and every allow rule set.</summary>
    public const string Plan = """
          limits:
            maxReplicas: 2
            maxCpu: "1"
            maxMemory: 1Gi
            maxGpu: 1
            maxEphemeralStorage: 2Gi
            maxVolumes: 2
            maxVolumeSize: 5Gi
            maxLifetimeSeconds: 3600
            maxEnvVars: 2
          allow:
            sandboxes: [gvisor, kata]
            egress: [none, cluster]
            ingress: [public, private]
            architectures: [amd64]
            oneShot: false
            publicUrls: false
            customDomains: false
            rootInSandbox: false
            loadBalancers: false
        """;

    private const string Image = "  image: nginx\n";

    /// <summary>A database-like port: not HTTP, so the ingress in force is private.</summary>
    private const string Base = Image + "  ports:\n  - {name: db, port: 5432, http: false}\n";

    private static string Volumes(params string[] sizes) =>
        "  volumes:\n" + string.Concat(sizes.Select((size, i) => $"  - {{name: v{i}, mountPath: /data/{i}, size: {size}}}\n"));

    public static IReadOnlyList<PlanAdmissionRule> All { get; } =
    [
        new("replicas", Base + "  replicas: 3\n", Base + "  replicas: 2\n",
            "spec.replicas: Invalid value: 3: must be no more than 2 (ContainerPlan {plan}, limits.maxReplicas)"),
        new("gpu", Base + "  resources: {gpu: 2}\n", Base + "  resources: {gpu: 1}\n",
            "spec.resources.gpu: Invalid value: 2: must be no more than 1 (ContainerPlan {plan}, limits.maxGpu)"),
        new("volume count", Base + Volumes("1Gi", "1Gi", "1Gi"), Base + Volumes("1Gi", "1Gi"),
            "spec.volumes: Too many: 3: must have at most 2 items (ContainerPlan {plan}, limits.maxVolumes)"),
        // Quantities compare by value, whatever their spelling: 1000m is 1 and 5120Mi is 5Gi.
        new("cpu", Base + "  resources: {cpu: 1001m}\n", Base + "  resources: {cpu: 1000m}\n",
            "spec.resources.cpu: Invalid value: \"1001m\": must be no more than 1 (ContainerPlan {plan}, limits.maxCpu)"),
        new("memory", Base + "  resources: {memory: \"1073741825\"}\n", Base + "  resources: {memory: 1024Mi}\n",
            "spec.resources.memory: Invalid value: \"1073741825\": must be no more than 1Gi (ContainerPlan {plan}, limits.maxMemory)"),
        new("ephemeral storage", Base + "  resources: {ephemeralStorage: 3G}\n", Base + "  resources: {ephemeralStorage: 2G}\n",
            "spec.resources.ephemeralStorage: Invalid value: \"3G\": must be no more than 2Gi (ContainerPlan {plan}, limits.maxEphemeralStorage)"),
        new("volume size, named by its index", Base + Volumes("1Gi", "6Gi"),
            Base + Volumes("1Gi", "5120Mi"),
            "spec.volumes[1].size: Invalid value: \"6Gi\": must be no more than 5Gi (ContainerPlan {plan}, limits.maxVolumeSize)"),
        new("lifetime", Base + "  lifetime: {timeoutSeconds: 3601}\n", Base + "  lifetime: {timeoutSeconds: 3600}\n",
            "spec.lifetime.timeoutSeconds: Invalid value: 3601: must be no more than 3600 (ContainerPlan {plan}, limits.maxLifetimeSeconds)"),
        new("env and secretEnv counted together",
            Base + "  env: {A: \"1\", B: \"2\"}\n  secretEnv:\n  - {name: C, secretName: s, key: k}\n",
            Base + "  env: {A: \"1\"}\n  secretEnv:\n  - {name: C, secretName: s, key: k}\n",
            "spec.env: Too many: 3: must have at most 2 items, env and secretEnv together (ContainerPlan {plan}, limits.maxEnvVars)"),
        new("sandbox", Base + "  sandbox: kata-fc\n", Base + "  sandbox: kata\n",
            "spec.sandbox: Unsupported value: \"kata-fc\": supported values: \"gvisor\", \"kata\" (ContainerPlan {plan}, allow.sandboxes)"),
        new("egress", Base + "  networking: {egress: internet}\n", Base + "  networking: {egress: cluster}\n",
            "spec.networking.egress: Unsupported value: \"internet\": supported values: \"none\", \"cluster\" (ContainerPlan {plan}, allow.egress)"),
        new("ingress asked for", Base + "  networking: {ingress: none}\n", Base + "  networking: {ingress: private}\n",
            "spec.networking.ingress: Unsupported value: \"none\": supported values: \"public\", \"private\" (ContainerPlan {plan}, allow.ingress)"),
        new("ingress in force without a port", Image, Image + "  ports:\n  - {name: dns, port: 53, protocol: UDP}\n",
            "spec.networking.ingress: Unsupported value: \"none\": supported values: \"public\", \"private\" (ContainerPlan {plan}, allow.ingress)"),
        new("architecture", Base + "  architecture: arm64\n", Base + "  architecture: amd64\n",
            "spec.architecture: Unsupported value: \"arm64\": supported values: \"amd64\" (ContainerPlan {plan}, allow.architectures)"),
        new("oneShot", Base + "  mode: oneShot\n", Base + "  mode: persistent\n",
            "spec.mode: Forbidden: oneShot is not allowed (ContainerPlan {plan}, allow.oneShot)"),
        new("custom domain", Image + "  port: 8080\n  networking: {host: shop.example.com}\n", Base,
            "spec.networking.host: Forbidden: a custom domain is not allowed (ContainerPlan {plan}, allow.customDomains)"),
        new("public URL of spec.port", Image + "  port: 8080\n", Base,
            "spec.networking.ingress: Forbidden: a public URL is not allowed (ContainerPlan {plan}, allow.publicUrls)"),
        new("public URL of the only TCP port", Image + "  ports:\n  - {name: web, port: 8080}\n",
            Image + "  ports:\n  - {name: web, port: 8080, http: false}\n",
            "spec.networking.ingress: Forbidden: a public URL is not allowed (ContainerPlan {plan}, allow.publicUrls)"),
        new("public URL of the port with http: true",
            Image + "  ports:\n  - {name: a, port: 9000}\n  - {name: web, port: 8080, http: true}\n",
            Image + "  ports:\n  - {name: a, port: 9000}\n  - {name: web, port: 8080}\n",
            "spec.networking.ingress: Forbidden: a public URL is not allowed (ContainerPlan {plan}, allow.publicUrls)"),
        new("root in a sandbox", Base + "  sandbox: gvisor\n  securityContext: {runAsUser: 0}\n", Base + "  sandbox: gvisor\n  securityContext: {runAsUser: 1000}\n",
            "spec.securityContext.runAsUser: Forbidden: root is not allowed (ContainerPlan {plan}, allow.rootInSandbox)"),
        new("load balancer", Base + "  networking: {loadBalancer: true}\n", Base + "  networking: {loadBalancer: false}\n",
            "spec.networking.loadBalancer: Forbidden: a load balancer is not allowed (ContainerPlan {plan}, allow.loadBalancers)"),
    ];
}
