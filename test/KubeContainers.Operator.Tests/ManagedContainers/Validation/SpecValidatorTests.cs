using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Validation;
using static KubeContainers.Operator.Tests.ManagedContainers.Validation.ValidSpecs;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

public sealed class SpecValidatorTests
{
    /// <summary>One broken spec: what to break (in the spec or, through <see cref="Settings"/>, in the operator's
    /// settings), the start of the message (field path and kind) and a fragment of the rule that must be reported.</summary>
    private sealed record Case(string Name, Action<V1Alpha1ManagedContainer> Break, string Prefix, string Rule)
    {
        public Func<V1Alpha1ManagedContainer> Start { get; init; } = PublicWebApp;

        public Func<OperatorSettings> Settings { get; init; } = ValidSpecs.Settings;
    }

    /// <summary>Only what the CRD cannot say (see SpecValidator); what its schema and CEL rules refuse is
    /// SpecAdmissionTests', on the local cluster that evaluates them.</summary>
    private static readonly Case[] Invalid =
    [
        // metadata.name: the default host <name>-<namespace>.<base domain> depends on the namespace and the settings.
        new("default host's first label too long", c => c.Metadata.Name = new string('w', 57), "metadata.name: Invalid value: ", "but a DNS label may have at most 63")
        {
            Start = () => WithoutHost(PublicWebApp()),
        },
        new("default host too long", c => c.Spec.Networking!.Host = null, "metadata.name: Invalid value: \"web\": ", "but a host name may have at most 253")
        {
            Settings = () => Settings() with
            {
                BaseDomain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)),
                AllowedDomains = [BaseDomain],
            },
        },

        // spec.image: what the reference pattern cannot count.
        new("image registry port out of range", c => c.Spec.Image = "registry.example.com:99999/app", "spec.image: Invalid value: ", "the registry port 99999 must be between 1 and 65535"),
        new("image repository longer than 255", c => c.Spec.Image = "registry.example.com/" + new string('r', 250) + ":v1", "spec.image: Invalid value: ", "must be no more than 255 characters"),

        // spec.env and spec.secretEnv
        new("secret env name also a plain env key", c => c.Spec.SecretEnv![0].Name = "LOG_LEVEL", "spec.secretEnv[0].name: Invalid value: \"LOG_LEVEL\": ", "must not also be a key of spec.env"),

        // spec.securityContext.runAsUser: root only inside a profile that lets the image's user run.
        new("root without a sandbox", c =>
        {
            c.Spec.Sandbox = "none";
            c.Spec.SecurityContext = new SecurityContextSpec { RunAsUser = 0 };
        }, "spec.securityContext.runAsUser: Invalid value: 0: ", "must not be 0 (root) outside a sandbox: sandbox profile \"none\" runs the container as a non-root user; set spec.sandbox to a profile that allows it: gvisor, kata, kata-fc"),
        new("root in the default profile that keeps a non-root user", c =>
        {
            c.Spec.Sandbox = null;
            c.Spec.SecurityContext = new SecurityContextSpec { RunAsUser = 0 };
        }, "spec.securityContext.runAsUser: Invalid value: 0: ", "sandbox profile \"gvisor\" runs the container as a non-root user; the operator has no sandbox profile that allows it")
        {
            Settings = () => Settings() with { Sandboxes = new Dictionary<string, SandboxProfile> { ["gvisor"] = new() { Name = "gvisor", Handler = "runsc" } } },
        },

        // Quantities' values (the maxima are the plan's: PlanRulesTests).
        new("zero memory", c => c.Spec.Resources!.Memory = "0", "spec.resources.memory: Invalid value: \"0\": ", "must be greater than 0"),
        new("memory in millibytes", c => c.Spec.Resources!.Memory = "512m", "spec.resources.memory: Invalid value: \"512m\": ", "whole number of bytes"),

        // Hosts under the operator's domains.
        new("host equal to the base domain", c => c.Spec.Networking!.Host = BaseDomain, "spec.networking.host: Invalid value: ", "must not be the base domain apps.example.com itself"),
        new("host outside the allowed domains", c => c.Spec.Networking!.Host = "web.evil.com", "spec.networking.host: Invalid value: \"web.evil.com\": ", "must be under the operator's base domain apps.example.com, or be one of the allowed domains (example.org) or under one"),
        new("host merely ending like the base domain", c => c.Spec.Networking!.Host = "evilapps.example.com", "spec.networking.host: Invalid value: ", "must be under the operator's base domain"),
        new("host outside the base domain with none allowed", c => c.Spec.Networking!.Host = "web.example.org", "spec.networking.host: Invalid value: ", "no other domain is allowed")
        {
            Settings = () => Settings() with { AllowedDomains = [] },
        },

        // Volumes: mount paths as the kubelet mounts them (the CRD's CEL rules compare raw strings; the maxima are the plan's).
        new("mount paths repeated with a trailing slash", c => c.Spec.Volumes![1].MountPath = "/data/", "spec.volumes[1].mountPath: Duplicate value: \"/data/\"", ""),
        new("mount path inside another written with a dot segment", c => c.Spec.Volumes![1].MountPath = "/./data/cache", "spec.volumes[1].mountPath: Invalid value: \"/./data/cache\": ", "must not be inside or contain another volume's mountPath: spec.volumes[0].mountPath is \"/data\""),
        new("mount path containing another with a trailing slash", c => c.Spec.Volumes![2].MountPath = "/var/", "spec.volumes[2].mountPath: Invalid value: \"/var/\": ", "spec.volumes[1].mountPath is \"/var/cache/app\""),
        new("mount path / written //", c => c.Spec.Volumes![0].MountPath = "//", "spec.volumes[0].mountPath: Invalid value: \"//\": ", "must not be /"),
        new("mount path under /proc written //proc", c => c.Spec.Volumes![0].MountPath = "//proc/1", "spec.volumes[0].mountPath: Invalid value: ", "must not be /proc, /sys, /dev"),
        new("volume size 0", c => c.Spec.Volumes![0].Size = "0Gi", "spec.volumes[0].size: Invalid value: \"0Gi\": ", "must be greater than 0"),

        // spec.networking.loadBalancer: whether load balancers are allowed is the operator's setting. The ports' own
        // rules are the CRD's (schema and CEL), refused at admission: SpecAdmissionTests.
        new("load balancer where the operator allows none", c => c.Spec.Networking!.LoadBalancer = true, "spec.networking.loadBalancer: Forbidden: ", "this operator does not allow load balancers: its administrator can turn them on with --allow-load-balancers (chart value operator.allowLoadBalancers)")
        {
            Start = MultiPortApp,
        },

        // Lifetime, measured from the creation.
        new("expiry before the creation", c => c.Spec.Lifetime!.ExpiresAt = Created.AddMinutes(-1), "spec.lifetime.expiresAt: Invalid value: \"2025-03-04T04:05:07Z\": ", "must be after metadata.creationTimestamp 2025-03-04T04:06:07Z")
        {
            Start = GvisorAppWithoutEgress,
        },
        new("expiry at the creation", c => c.Spec.Lifetime!.ExpiresAt = Created, "spec.lifetime.expiresAt: Invalid value: ", "must be after metadata.creationTimestamp")
        {
            Start = GvisorAppWithoutEgress,
        },
        new("expiry in the past of an object not yet created", c => { c.Metadata.CreationTimestamp = null; c.Spec.Lifetime!.ExpiresAt = Now.AddSeconds(-1); }, "spec.lifetime.expiresAt: Invalid value: ", "must be after metadata.creationTimestamp 2025-03-04T05:06:07Z")
        {
            Start = GvisorAppWithoutEgress,
        },
    ];

    public static TheoryData<string> InvalidNames => [.. Invalid.Select(c => c.Name)];

    public static TheoryData<string> ValidNames => [.. All.Keys];

    [Fact]
    public void The_table_has_at_least_18_distinct_cases()
    {
        // The maxima (replicas, resources, volumes, lifetime, env) moved to the plan: PlanRulesTests.
        Invalid.Length.ShouldBeGreaterThanOrEqualTo(18);
        Invalid.Select(c => c.Name).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void An_invalid_spec_is_refused_naming_the_field_and_the_rule(string name)
    {
        var row = Invalid.Single(c => c.Name == name);
        var container = row.Start();
        SpecValidator.Validate(container, Settings(), Now).ShouldBeEmpty("the starting spec must be valid");

        row.Break(container);
        var errors = SpecValidator.Validate(container, row.Settings(), Now);

        errors.ShouldContain(
            e => e.StartsWith(row.Prefix, StringComparison.Ordinal) && e.Contains(row.Rule, StringComparison.Ordinal),
            $"expected '{row.Prefix}...{row.Rule}', got:\n{string.Join("\n", errors)}");
        errors.ShouldAllBe(e => !e.Contains('\n') && !e.Contains('\r'), "a message is one line of status");
    }

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void A_valid_spec_has_no_error(string name)
    {
        var container = All[name]();

        SpecValidator.Validate(container, Settings(), Now).ShouldBeEmpty();
        SpecValidator.UnknownSandbox(container, Settings()).ShouldBeNull();
    }

    [Fact]
    public void The_repository_samples_are_valid()
    {
        var samples = RepositorySamples();
        samples.ShouldNotBeEmpty();
        foreach (var (file, yaml) in samples)
        {
            var container = FromYaml(yaml);
            container.Metadata.NamespaceProperty = "default";
            container.Metadata.CreationTimestamp = Created.UtcDateTime;

            SpecValidator.Validate(container, new OperatorSettings(), Now).ShouldBeEmpty(file);
            SpecValidator.UnknownSandbox(container, new OperatorSettings()).ShouldBeNull(file);
        }
    }

    [Fact]
    public void An_expiry_that_passed_after_the_creation_is_not_an_error_but_the_end_of_the_lifetime()
    {
        var container = GvisorAppWithoutEgress();
        container.Spec.Lifetime!.ExpiresAt = Created.AddMinutes(1);

        SpecValidator.Validate(container, Settings(), Now.AddDays(365)).ShouldBeEmpty();
    }

    [Fact]
    public void The_same_number_on_tcp_and_udp_and_a_load_balancer_the_operator_allows_are_valid()
    {
        var container = MultiPortApp();
        container.Spec.Ports![2].Port = 9090;
        container.Spec.Networking!.LoadBalancer = true;

        SpecValidator.Validate(container, Settings() with { AllowLoadBalancers = true }, Now).ShouldBeEmpty();
    }

    [Fact]
    public void A_default_host_of_exactly_63_characters_in_its_first_label_is_accepted()
    {
        var container = WithoutHost(PublicWebApp());
        container.Metadata.Name = new string('w', 63 - 1 - Namespace.Length);

        SpecValidator.Validate(container, Settings(), Now).ShouldBeEmpty();
    }

    [Fact]
    public void Every_broken_rule_is_reported_in_field_order()
    {
        var container = PublicWebApp();
        container.Spec.Image = "registry.example.com:0/app";
        container.Spec.Resources!.Cpu = "0";
        container.Spec.Volumes![0].Size = "1500m";

        var errors = SpecValidator.Validate(container, Settings(), Now);

        errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)])
            .ShouldBe(["spec.image", "spec.resources.cpu", "spec.volumes[0].size"]);
    }

    [Fact]
    public void Long_values_are_shortened_in_the_message()
    {
        var container = PublicWebApp();
        container.Spec.Networking!.Host = new string('x', 1000) + ".evil.com";

        var error = SpecValidator.Validate(container, Settings(), Now).ShouldHaveSingleItem();

        error.Length.ShouldBeLessThan(300);
        error.ShouldContain("...\"");
    }

    [Fact]
    public void What_the_CRD_refuses_at_admission_is_not_checked_again()
    {
        // Each of these breaks a CEL rule or a schema pattern of the CRD (SpecAdmissionTests shows the 422).
        var container = PublicWebApp();
        container.Spec.Env!["1BAD"] = "x";
        container.Spec.Labels![Labels.ManagedBy] = "me";
        container.Spec.Port = 70000;
        container.Spec.ImagePullSecrets!.Add("ghcr-pull");

        SpecValidator.Validate(container, Settings(), Now).ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_sandbox_is_reported_apart_listing_the_known_ones()
    {
        var container = PublicWebApp();
        container.Spec.Sandbox = "firecracker";

        SpecValidator.Validate(container, Settings(), Now).ShouldBeEmpty("an unknown sandbox is SandboxUnavailable, not InvalidSpec");
        SpecValidator.UnknownSandbox(container, Settings())
            .ShouldBe("spec.sandbox: Unsupported value: \"firecracker\": supported values: \"gvisor\", \"kata\", \"kata-fc\", \"none\"");
    }

    [Fact]
    public void An_unknown_default_sandbox_says_it_is_the_operators_default()
    {
        var container = PublicWebApp();
        container.Spec.Sandbox = null;
        var settings = Settings() with { DefaultSandbox = "runsc" };

        SpecValidator.UnknownSandbox(container, settings).ShouldNotBeNull().ShouldStartWith(
            "spec.sandbox: Unsupported value: \"runsc\": the operator's default sandbox is not one of its profiles; supported values: \"gvisor\"");
    }

    [Fact]
    public void A_sandbox_the_operator_has_is_known_even_without_the_default_profiles()
    {
        var container = PublicWebApp();
        container.Spec.Sandbox = "kata";
        var onlyKata = Settings() with { Sandboxes = new Dictionary<string, SandboxProfile> { ["kata"] = new() { Name = "kata", Handler = "kata-qemu" } } };

        SpecValidator.UnknownSandbox(container, onlyKata).ShouldBeNull();
        container.Spec.Sandbox = "gvisor";
        SpecValidator.UnknownSandbox(container, onlyKata).ShouldBe("spec.sandbox: Unsupported value: \"gvisor\": supported values: \"kata\"");
    }

    private static V1Alpha1ManagedContainer WithoutHost(V1Alpha1ManagedContainer container)
    {
        container.Spec.Networking!.Host = null;
        return container;
    }

    private static void AddEnv(V1Alpha1ManagedContainer container, int count)
    {
        for (var i = 0; i < count; i++)
        {
            container.Spec.Env![$"VAR_{i}"] = "x";
        }
    }
}
