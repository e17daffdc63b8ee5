using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.Plans;

namespace KubeContainers.Operator.Tests.Plans;

/// <summary>Every per-container rule of a plan: broken, at the limit, and grandfathered (admitted before).</summary>
public sealed class PlanRulesTests
{
    private static readonly OperatorSettings Settings = new();

    /// <summary>A plan with every rule set, small enough that the base container sits exactly at each limit.</summary>
    private static PlanInForce Small() => new("small", new ContainerPlanSpec
    {
        Limits = new PlanLimits
        {
            MaxReplicas = 2, MaxCpu = "1", MaxMemory = "1Gi", MaxGpu = 0, MaxEphemeralStorage = "1Gi", MaxVolumes = 1,
            MaxVolumeSize = "5Gi", MaxLifetimeSeconds = 3600, MaxEnvVars = 2,
        },
        Allow = new PlanAllow
        {
            Sandboxes = ["gvisor"], Egress = ["none", "cluster"], Ingress = ["public", "none"], Architectures = ["amd64"],
            OneShot = false, PublicUrls = true, CustomDomains = false, RootInSandbox = false, LoadBalancers = false,
        },
    }, BuiltIn: false);

    /// <summary>At every limit of <see cref="Small"/>, breaking none.</summary>
    private static V1Alpha1ManagedContainer AtTheLimits() => new()
    {
        Metadata = new() { Name = "app", NamespaceProperty = "team", CreationTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        Spec = new ManagedContainerSpec
        {
            Image = "nginx",
            Port = 8080,
            Replicas = 2,
            Resources = new ResourcesSpec { Cpu = "1000m", Memory = "1Gi", EphemeralStorage = "1Gi", Gpu = 0 },
            Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "5Gi" }],
            Lifetime = new LifetimeSpec { TimeoutSeconds = 3600 },
            Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" },
            Sandbox = "gvisor",
            SecurityContext = new SecurityContextSpec { RunAsUser = 1000 },
            Architecture = "amd64",
            Networking = new NetworkingSpec { Egress = "cluster", Ingress = "public" },
        },
    };

    public sealed record Case(string Name, Action<V1Alpha1ManagedContainer> Break, string Message);

    private static readonly Case[] Broken =
    [
        new("replicas", c => c.Spec.Replicas = 3, "spec.replicas: Invalid value: 3: must be no more than 2 (ContainerPlan small, limits.maxReplicas)"),
        new("cpu", c => c.Spec.Resources!.Cpu = "1001m", "spec.resources.cpu: Invalid value: \"1001m\": must be no more than 1 (ContainerPlan small, limits.maxCpu)"),
        new("memory", c => c.Spec.Resources!.Memory = "1025Mi", "spec.resources.memory: Invalid value: \"1025Mi\": must be no more than 1Gi (ContainerPlan small, limits.maxMemory)"),
        new("ephemeral storage", c => c.Spec.Resources!.EphemeralStorage = "2Gi", "spec.resources.ephemeralStorage: Invalid value: \"2Gi\": must be no more than 1Gi (ContainerPlan small, limits.maxEphemeralStorage)"),
        new("gpu", c => c.Spec.Resources!.Gpu = 1, "spec.resources.gpu: Invalid value: 1: must be no more than 0 (ContainerPlan small, limits.maxGpu)"),
        new("volumes", c => c.Spec.Volumes!.Add(new VolumeSpec { Name = "more", MountPath = "/more", Size = "1Gi" }),
            "spec.volumes: Too many: 2: must have at most 1 items (ContainerPlan small, limits.maxVolumes)"),
        new("volume size", c => c.Spec.Volumes![0].Size = "6Gi", "spec.volumes[0].size: Invalid value: \"6Gi\": must be no more than 5Gi (ContainerPlan small, limits.maxVolumeSize)"),
        new("lifetime timeout", c => c.Spec.Lifetime!.TimeoutSeconds = 3601, "spec.lifetime.timeoutSeconds: Invalid value: 3601: must be no more than 3600 (ContainerPlan small, limits.maxLifetimeSeconds)"),
        new("lifetime expiry", c => c.Spec.Lifetime = new LifetimeSpec { ExpiresAt = new DateTimeOffset(2026, 1, 1, 1, 0, 1, TimeSpan.Zero) },
            "spec.lifetime.expiresAt: Invalid value: \"2026-01-01T01:00:01Z\": must be no more than 3600 seconds after metadata.creationTimestamp (ContainerPlan small, limits.maxLifetimeSeconds)"),
        new("env", c => c.Spec.SecretEnv = [new SecretEnvVarSpec { Name = "S", SecretName = "s", Key = "k" }],
            "spec.env: Too many: 3: must have at most 2 items, env and secretEnv together (ContainerPlan small, limits.maxEnvVars)"),
        new("sandbox", c => c.Spec.Sandbox = "kata", "spec.sandbox: Unsupported value: \"kata\": supported values: \"gvisor\" (ContainerPlan small, allow.sandboxes)"),
        new("egress", c => c.Spec.Networking!.Egress = "internet", "spec.networking.egress: Unsupported value: \"internet\": supported values: \"none\", \"cluster\" (ContainerPlan small, allow.egress)"),
        new("ingress", c => c.Spec.Networking!.Ingress = "private", "spec.networking.ingress: Unsupported value: \"private\": supported values: \"public\", \"none\" (ContainerPlan small, allow.ingress)"),
        new("architecture", c => c.Spec.Architecture = "arm64", "spec.architecture: Unsupported value: \"arm64\": supported values: \"amd64\" (ContainerPlan small, allow.architectures)"),
        new("oneShot", c => { c.Spec.Mode = WorkloadModes.OneShot; c.Spec.Port = null; c.Spec.Networking!.Ingress = "none"; c.Spec.Replicas = null; },
            "spec.mode: Forbidden: oneShot is not allowed (ContainerPlan small, allow.oneShot)"),
        new("custom domain", c => c.Spec.Networking!.Host = "shop.example.com", "spec.networking.host: Forbidden: a custom domain is not allowed (ContainerPlan small, allow.customDomains)"),
        new("root", c => c.Spec.SecurityContext!.RunAsUser = 0, "spec.securityContext.runAsUser: Forbidden: root is not allowed (ContainerPlan small, allow.rootInSandbox)"),
        new("load balancer", c => c.Spec.Networking!.LoadBalancer = true, "spec.networking.loadBalancer: Forbidden: a load balancer is not allowed (ContainerPlan small, allow.loadBalancers)"),
    ];

    public static TheoryData<string> BrokenNames => [.. Broken.Select(c => c.Name)];

    [Fact]
    public void A_container_at_every_limit_fits()
    {
        var container = AtTheLimits();

        Check(Small(), container, admitted: null).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(BrokenNames))]
    public void A_new_container_over_a_rule_is_refused_naming_the_plan_the_field_and_the_limit(string name)
    {
        var row = Broken.Single(c => c.Name == name);
        var container = AtTheLimits();
        row.Break(container);

        Check(Small(), container, admitted: null).ShouldBe([row.Message]);
    }

    [Theory]
    [MemberData(nameof(BrokenNames))]
    public void What_the_plan_admitted_before_is_never_refused_by_a_smaller_plan(string name)
    {
        // Admitted under a larger plan, then the plan shrank: the same spec (an image change aside) still fits.
        var row = Broken.Single(c => c.Name == name);
        var container = AtTheLimits();
        row.Break(container);
        var admitted = Footprint(Small(), container);
        container.Spec.Image = "nginx:1.27";

        Check(Small(), container, admitted).ShouldBeEmpty();
    }

    [Fact]
    public void Growing_beyond_what_was_admitted_is_refused()
    {
        var container = AtTheLimits();
        container.Spec.Replicas = 3;
        var admitted = Footprint(Small(), container);
        container.Spec.Replicas = 4;

        Check(Small(), container, admitted).ShouldBe(["spec.replicas: Invalid value: 4: must be no more than 2 (ContainerPlan small, limits.maxReplicas)"]);
    }

    [Fact]
    public void Public_urls_not_allowed_refuses_the_default_public_ingress_of_an_http_port()
    {
        var plan = Small() with { Spec = new ContainerPlanSpec { Allow = new PlanAllow { PublicUrls = false } } };
        var container = AtTheLimits();
        container.Spec.Networking!.Ingress = null;

        Check(plan, container, admitted: null).ShouldBe(["spec.networking.ingress: Forbidden: a public URL is not allowed (ContainerPlan small, allow.publicUrls)"]);
    }

    [Fact]
    public void An_empty_allowed_list_allows_nothing()
    {
        var plan = Small() with { Spec = new ContainerPlanSpec { Allow = new PlanAllow { Sandboxes = [] } } };

        Check(plan, AtTheLimits(), admitted: null).ShouldBe(["spec.sandbox: Unsupported value: \"gvisor\" (ContainerPlan small, allow.sandboxes)"]);
    }

    [Fact]
    public void An_empty_plan_limits_nothing()
    {
        var container = AtTheLimits();
        container.Spec.Replicas = 1000;
        container.Spec.Resources!.Cpu = "512";

        Check(Small() with { Spec = new ContainerPlanSpec() }, container, admitted: null).ShouldBeEmpty();
    }

    [Fact]
    public void The_built_in_plan_holds_the_operator_max_flags()
    {
        // Migration: --max-replicas and the other --max-* flags are the built-in plan's limits, with the same refusal.
        var plan = BuiltInPlan.From(Settings with { Limits = new OperatorLimits { MaxReplicas = 3, MaxLifetimeSeconds = 0 }, DefaultPlan = "default" });
        var container = AtTheLimits();
        container.Spec.Replicas = 4;
        container.Spec.Lifetime!.TimeoutSeconds = 10L * 365 * 24 * 3600;

        plan.BuiltIn.ShouldBeTrue();
        plan.Spec.Limits!.MaxLifetimeSeconds.ShouldBeNull("a lifetime flag of 0 means no limit");
        Check(plan, container, admitted: null).ShouldBe(["spec.replicas: Invalid value: 4: must be no more than 3 (ContainerPlan default, limits.maxReplicas)"]);
    }

    [Fact]
    public void The_plan_defaults_count_as_asked_for()
    {
        // A default above the plan's own maximum is the plan's mistake, and said as such on the field.
        var plan = Small() with { Spec = new ContainerPlanSpec { Defaults = new PlanDefaults { Resources = new ResourcesSpec { Cpu = "2" } }, Limits = new PlanLimits { MaxCpu = "1" } } };
        var container = AtTheLimits();
        container.Spec.Resources!.Cpu = null;
        PlanDefaulting.Apply(container.Spec, plan.Spec.Defaults, admitted: null);

        Check(plan, container, admitted: null).ShouldBe(["spec.resources.cpu: Invalid value: \"2\": must be no more than 1 (ContainerPlan small, limits.maxCpu)"]);
    }

    private static PlanFootprint Footprint(PlanInForce plan, V1Alpha1ManagedContainer container) =>
        Footprints.Of(container, PlanSettings.For(Settings, plan, admitted: null), running: true);

    private static IReadOnlyList<string> Check(PlanInForce plan, V1Alpha1ManagedContainer container, PlanFootprint? admitted) =>
        PlanRules.Check(plan, Footprints.Of(container, PlanSettings.For(Settings, plan, admitted), running: true), admitted, container.Spec);
}
