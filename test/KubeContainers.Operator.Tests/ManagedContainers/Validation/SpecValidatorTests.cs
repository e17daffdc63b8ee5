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

    private static readonly string Long64 = new('a', 64);

    private static readonly Case[] Invalid =
    [
        // metadata.name: it names the Service and labels every child.
        new("name longer than a label value", c => c.Metadata.Name = Long64, "metadata.name: Invalid value: ", "must be no more than 63 characters")
        {
            Start = PrivateWorker,
        },
        new("name too long for a Service", c => c.Metadata.Name = "w" + Long64, "metadata.name: Invalid value: ", "it is the name of the Service"),
        new("name with a dot and a port", c => c.Metadata.Name = "web.v2", "metadata.name: Invalid value: \"web.v2\": ", "a Service name must be a DNS-1035 label"),
        new("name starting with a digit and a port", c => c.Metadata.Name = "1web", "metadata.name: Invalid value: \"1web\": ", "starting with a letter"),
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

        // spec.image
        new("image missing", c => c.Spec.Image = "", "spec.image: Required value: ", "an OCI image reference"),
        new("image with upper-case name", c => c.Spec.Image = "Nginx", "spec.image: Invalid value: \"Nginx\": ", "must be an OCI image reference"),
        new("image with upper-case path", c => c.Spec.Image = "ghcr.io/Org/web:v1", "spec.image: Invalid value: ", "lower-case repository"),
        new("image with an empty tag", c => c.Spec.Image = "nginx:", "spec.image: Invalid value: \"nginx:\": ", "must be an OCI image reference"),
        new("image tag longer than 128", c => c.Spec.Image = "nginx:" + new string('t', 129), "spec.image: Invalid value: ", "a tag of at most 128"),
        new("image digest too short", c => c.Spec.Image = "nginx@sha256:abc", "spec.image: Invalid value: ", "@sha256:<64 hex digits>"),
        new("image digest in upper case", c => c.Spec.Image = "nginx@sha256:" + Digest[7..].ToUpperInvariant(), "spec.image: Invalid value: ", "must be an OCI image reference"),
        new("image digest of an unknown algorithm", c => c.Spec.Image = "nginx@md5:0123456789abcdef0123456789abcdef", "spec.image: Invalid value: ", "must be an OCI image reference"),
        new("image with a shell command", c => c.Spec.Image = "nginx; rm -rf /", "spec.image: Invalid value: \"nginx; rm -rf /\": ", "must be an OCI image reference"),
        new("image with a trailing newline", c => c.Spec.Image = "nginx\n", "spec.image: Invalid value: \"nginx\\n\": ", "must be an OCI image reference"),
        new("image registry port out of range", c => c.Spec.Image = "registry.example.com:99999/app", "spec.image: Invalid value: ", "the registry port 99999 must be between 1 and 65535"),
        new("image repository longer than 255", c => c.Spec.Image = "registry.example.com/" + new string('r', 250) + ":v1", "spec.image: Invalid value: ", "must be no more than 255 characters"),

        new("relative working directory", c => c.Spec.WorkingDir = "app", "spec.workingDir: Invalid value: \"app\": ", "must be an absolute path"),

        // spec.env and spec.secretEnv
        new("env key starting with a digit", c => c.Spec.Env!["1FOO"] = "x", "spec.env[1FOO]: Invalid value: \"1FOO\": ", "a valid environment variable name must consist of alphabetic characters, digits"),
        new("env key with a dash", c => c.Spec.Env!["MY-VAR"] = "x", "spec.env[MY-VAR]: Invalid value: ", "must not start with a digit"),
        new("env key with a newline", c => c.Spec.Env!["A\nB"] = "x", "spec.env[A\\nB]: Invalid value: \"A\\nB\": ", "a valid environment variable name"),
        new("env value over 32 KiB", c => c.Spec.Env!["BIG"] = new string('x', 32 * 1024 + 1), "spec.env[BIG]: Too long: ", "may not be more than 32768 characters"),
        new("env and secretEnv over the limit", c => AddEnv(c, 95), "spec.env: Too many: 98: ", "must have at most 97 items")
        {
            Settings = () => Settings() with { Limits = new OperatorLimits { MaxEnvVars = 97 } },
        },
        new("secret env name starting with a digit", c => c.Spec.SecretEnv![0].Name = "2X", "spec.secretEnv[0].name: Invalid value: \"2X\": ", "a valid environment variable name"),
        new("secret env names repeated", c => c.Spec.SecretEnv!.Add(new SecretEnvVarSpec { Name = "DB_PASSWORD", SecretName = "other", Key = "k" }), "spec.secretEnv[1].name: Duplicate value: \"DB_PASSWORD\"", ""),
        new("secret env name also a plain env key", c => c.Spec.SecretEnv![0].Name = "LOG_LEVEL", "spec.secretEnv[0].name: Invalid value: \"LOG_LEVEL\": ", "must not also be a key of spec.env"),
        new("secret name not a subdomain", c => c.Spec.SecretEnv![0].SecretName = "Db_Secret", "spec.secretEnv[0].secretName: Invalid value: \"Db_Secret\": ", "RFC 1123 subdomain"),
        new("secret key ..", c => c.Spec.SecretEnv![0].Key = "..", "spec.secretEnv[0].key: Invalid value: \"..\": ", "must not be '.' or '..'"),
        new("secret key with a slash", c => c.Spec.SecretEnv![0].Key = "../etc/passwd", "spec.secretEnv[0].key: Invalid value: ", "a valid config key"),

        // Ports and the health check.
        new("port above 65535", c => c.Spec.Port = 70000, "spec.port: Invalid value: 70000: ", "must be between 1 and 65535"),
        new("port 0", c => c.Spec.Port = 0, "spec.port: Invalid value: 0: ", "must be between 1 and 65535"),
        new("health check port above 65535", c => c.Spec.HealthCheck!.Port = 65536, "spec.healthCheck.port: Invalid value: 65536: ", "must be between 1 and 65535"),
        new("health check without a port to probe", c => c.Spec.HealthCheck = new HealthCheckSpec { Path = "/health" }, "spec.healthCheck.port: Required value: ", "there is no port to probe")
        {
            Start = PrivateWorker,
        },
        new("relative health check path", c => c.Spec.HealthCheck!.Path = "health", "spec.healthCheck.path: Invalid value: \"health\": ", "must start with '/'"),
        new("health check path with a space", c => c.Spec.HealthCheck!.Path = "/health check", "spec.healthCheck.path: Invalid value: ", "without whitespace or control characters"),
        new("health check path smuggling a header", c => c.Spec.HealthCheck!.Path = "/health\r\nHost: evil", "spec.healthCheck.path: Invalid value: \"/health\\r\\nHost: evil\": ", "without whitespace"),
        new("health check path with a trailing newline", c => c.Spec.HealthCheck!.Path = "/health\n", "spec.healthCheck.path: Invalid value: ", "printable ASCII"),
        new("health check path not ASCII", c => c.Spec.HealthCheck!.Path = "/santé", "spec.healthCheck.path: Invalid value: ", "percent-encode"),
        new("health check period 0", c => c.Spec.HealthCheck!.PeriodSeconds = 0, "spec.healthCheck.periodSeconds: Invalid value: 0: ", "must be between 1 and 3600"),
        new("health check failure threshold 101", c => c.Spec.HealthCheck!.FailureThreshold = 101, "spec.healthCheck.failureThreshold: Invalid value: 101: ", "must be between 1 and 100"),

        // Replicas and resources against the operator's limits.
        new("replicas above the limit", c => c.Spec.Replicas = 11, "spec.replicas: Invalid value: 11: ", "must be less than or equal to the operator limit 10"),
        new("negative replicas", c => c.Spec.Replicas = -1, "spec.replicas: Invalid value: -1: ", "greater than or equal to 0"),
        new("one-shot with two replicas", c => c.Spec.Replicas = 2, "spec.replicas: Invalid value: 2: ", "must be 0 or 1 when spec.mode is oneShot")
        {
            Start = OneShotJob,
        },
        new("cpu above the limit", c => c.Spec.Resources!.Cpu = "64", "spec.resources.cpu: Invalid value: \"64\": ", "must be less than or equal to the operator limit 4"),
        new("cpu in millicores above the limit", c => c.Spec.Resources!.Cpu = "4001m", "spec.resources.cpu: Invalid value: \"4001m\": ", "operator limit 4"),
        new("memory above the limit", c => c.Spec.Resources!.Memory = "16Gi", "spec.resources.memory: Invalid value: \"16Gi\": ", "operator limit 8Gi"),
        new("ephemeral storage above the limit", c => c.Spec.Resources!.EphemeralStorage = "21Gi", "spec.resources.ephemeralStorage: Invalid value: \"21Gi\": ", "operator limit 20Gi"),
        new("gpus above the limit", c => c.Spec.Resources!.Gpu = 2, "spec.resources.gpu: Invalid value: 2: ", "operator limit 1"),
        new("zero memory", c => c.Spec.Resources!.Memory = "0", "spec.resources.memory: Invalid value: \"0\": ", "must be greater than 0"),
        new("negative cpu", c => c.Spec.Resources!.Cpu = "-1", "spec.resources.cpu: Invalid value: \"-1\": ", "must be a quantity"),
        new("memory in MB", c => c.Spec.Resources!.Memory = "512MB", "spec.resources.memory: Invalid value: \"512MB\": ", "must be a quantity"),
        new("memory in millibytes", c => c.Spec.Resources!.Memory = "512m", "spec.resources.memory: Invalid value: \"512m\": ", "whole number of bytes"),
        new("cpu with two decimal points", c => c.Spec.Resources!.Cpu = "1.5.5", "spec.resources.cpu: Invalid value: \"1.5.5\": ", "must be a quantity"),
        new("limit lowered by the operator", _ => { }, "spec.resources.memory: Invalid value: \"512Mi\": ", "operator limit 256Mi")
        {
            Settings = () => Settings() with { Limits = new OperatorLimits { MaxMemory = "256Mi" } },
        },

        // Networking and hosts.
        new("host that is an IP address", c => c.Spec.Networking!.Host = "10.0.0.1", "spec.networking.host: Invalid value: \"10.0.0.1\": ", "not an IP address"),
        new("wildcard host", c => c.Spec.Networking!.Host = "*." + BaseDomain, "spec.networking.host: Invalid value: ", "must not be a wildcard"),
        new("host equal to the base domain", c => c.Spec.Networking!.Host = BaseDomain, "spec.networking.host: Invalid value: ", "must not be the base domain apps.example.com itself"),
        new("host outside the allowed domains", c => c.Spec.Networking!.Host = "web.evil.com", "spec.networking.host: Invalid value: \"web.evil.com\": ", "must be under the operator's base domain apps.example.com, or be one of the allowed domains (example.org) or under one"),
        new("host merely ending like the base domain", c => c.Spec.Networking!.Host = "evilapps.example.com", "spec.networking.host: Invalid value: ", "must be under the operator's base domain"),
        new("host outside the base domain with none allowed", c => c.Spec.Networking!.Host = "web.example.org", "spec.networking.host: Invalid value: ", "no other domain is allowed")
        {
            Settings = () => Settings() with { AllowedDomains = [] },
        },
        new("host in upper case", c => c.Spec.Networking!.Host = "Web." + BaseDomain, "spec.networking.host: Invalid value: ", "must be a lower-case DNS name"),
        new("host label longer than 63", c => c.Spec.Networking!.Host = Long64 + "." + BaseDomain, "spec.networking.host: Invalid value: ", "labels of at most 63"),
        new("host with private ingress", c => c.Spec.Networking!.Ingress = IngressModes.Private, "spec.networking.host: Invalid value: ", "requires spec.port and networking.ingress public"),
        new("public ingress without a port", c => c.Spec.Networking!.Ingress = IngressModes.Public, "spec.networking.ingress: Invalid value: \"public\": ", "require spec.port")
        {
            Start = PrivateWorker,
        },
        new("unknown egress", c => c.Spec.Networking!.Egress = "everything", "spec.networking.egress: Unsupported value: \"everything\": ", "supported values: \"internet\", \"cluster\", \"none\""),

        // Volumes.
        new("more volumes than the limit", c => c.Spec.Volumes = [.. Enumerable.Range(0, 6).Select(i => new VolumeSpec { Name = $"v{i}", MountPath = $"/v{i}", Size = "1Gi" })], "spec.volumes: Too many: 6: ", "at most 5 items"),
        new("volume names repeated", c => c.Spec.Volumes![1].Name = "data", "spec.volumes[1].name: Duplicate value: \"data\"", ""),
        new("volume name in upper case", c => c.Spec.Volumes![0].Name = "Data", "spec.volumes[0].name: Invalid value: \"Data\": ", "RFC 1123 label"),
        new("mount paths repeated with a trailing slash", c => c.Spec.Volumes![1].MountPath = "/data/", "spec.volumes[1].mountPath: Duplicate value: \"/data/\"", ""),
        new("mount path inside another", c => c.Spec.Volumes![1].MountPath = "/data/cache", "spec.volumes[1].mountPath: Invalid value: \"/data/cache\": ", "must not be inside or contain another volume's mountPath: spec.volumes[0].mountPath is \"/data\""),
        new("mount path containing another", c => c.Spec.Volumes![2].MountPath = "/var", "spec.volumes[2].mountPath: Invalid value: \"/var\": ", "spec.volumes[1].mountPath is \"/var/cache/app\""),
        new("mount path /", c => c.Spec.Volumes![0].MountPath = "/", "spec.volumes[0].mountPath: Invalid value: \"/\": ", "must not be /"),
        new("mount path under /proc", c => c.Spec.Volumes![0].MountPath = "//proc/1", "spec.volumes[0].mountPath: Invalid value: ", "must not be /proc, /sys, /dev"),
        new("mount path escaping with ..", c => c.Spec.Volumes![0].MountPath = "/data/../etc", "spec.volumes[0].mountPath: Invalid value: ", "'..' segment"),
        new("relative mount path", c => c.Spec.Volumes![0].MountPath = "data", "spec.volumes[0].mountPath: Invalid value: \"data\": ", "must be an absolute path"),
        new("mount path with a newline", c => c.Spec.Volumes![0].MountPath = "/data\n/etc", "spec.volumes[0].mountPath: Invalid value: \"/data\\n/etc\": ", "without control characters"),
        new("volume size above the limit", c => c.Spec.Volumes![0].Size = "101Gi", "spec.volumes[0].size: Invalid value: \"101Gi\": ", "operator limit 100Gi"),
        new("volume size 0", c => c.Spec.Volumes![0].Size = "0Gi", "spec.volumes[0].size: Invalid value: \"0Gi\": ", "must be greater than 0"),
        new("volume size not a quantity", c => c.Spec.Volumes![0].Size = "lots", "spec.volumes[0].size: Invalid value: \"lots\": ", "must be a quantity"),
        new("storage class not a subdomain", c => c.Spec.Volumes![0].StorageClassName = "Fast_SSD", "spec.volumes[0].storageClassName: Invalid value: ", "RFC 1123 subdomain"),

        // Lifetime, measured from the creation.
        new("timeout above the lifetime limit", c => c.Spec.Lifetime!.TimeoutSeconds = 31L * 24 * 3600, "spec.lifetime.timeoutSeconds: Invalid value: 2678400: ", "must be less than or equal to the operator limit 2592000 (30 days)"),
        new("timeout 0", c => c.Spec.Lifetime!.TimeoutSeconds = 0, "spec.lifetime.timeoutSeconds: Invalid value: 0: ", "must be at least 1"),
        new("expiry before the creation", c => c.Spec.Lifetime!.ExpiresAt = Created.AddMinutes(-1), "spec.lifetime.expiresAt: Invalid value: \"2025-03-04T04:05:07Z\": ", "must be after metadata.creationTimestamp 2025-03-04T04:06:07Z")
        {
            Start = GvisorAppWithoutEgress,
        },
        new("expiry at the creation", c => c.Spec.Lifetime!.ExpiresAt = Created, "spec.lifetime.expiresAt: Invalid value: ", "must be after metadata.creationTimestamp")
        {
            Start = GvisorAppWithoutEgress,
        },
        new("expiry beyond the lifetime limit", c => c.Spec.Lifetime!.ExpiresAt = Created.AddDays(30).AddSeconds(1), "spec.lifetime.expiresAt: Invalid value: ", "must be at most 2592000 seconds (30 days) after metadata.creationTimestamp")
        {
            Start = GvisorAppWithoutEgress,
        },
        new("expiry in the past of an object not yet created", c => { c.Metadata.CreationTimestamp = null; c.Spec.Lifetime!.ExpiresAt = Now.AddSeconds(-1); }, "spec.lifetime.expiresAt: Invalid value: ", "must be after metadata.creationTimestamp 2025-03-04T05:06:07Z")
        {
            Start = GvisorAppWithoutEgress,
        },
        new("both timeout and expiry", c => c.Spec.Lifetime!.ExpiresAt = Now.AddHours(1), "spec.lifetime.expiresAt: Forbidden: ", "set exactly one of timeoutSeconds and expiresAt"),
        new("neither timeout nor expiry", c => c.Spec.Lifetime!.TimeoutSeconds = null, "spec.lifetime: Required value: ", "set exactly one of timeoutSeconds and expiresAt"),
        new("unknown expiry action", c => c.Spec.Lifetime!.OnExpiry = "archive", "spec.lifetime.onExpiry: Unsupported value: \"archive\": ", "\"stop\", \"delete\""),

        // Labels, pull secrets and enumerations.
        new("reserved name label", c => c.Spec.Labels![Labels.Name] = "other", "spec.labels[app.kubernetes.io/name]: Invalid value: \"app.kubernetes.io/name\": ", "is reserved for the operator"),
        new("reserved managed-by label", c => c.Spec.Labels![Labels.ManagedBy] = "me", "spec.labels[app.kubernetes.io/managed-by]: Invalid value: ", "is reserved for the operator"),
        new("reserved selector label", c => c.Spec.Labels![Labels.Container] = "other", "spec.labels[kubecontainers.io/container]: Invalid value: ", "is reserved for the operator"),
        new("label key starting with a dash", c => c.Spec.Labels!["-tier"] = "x", "spec.labels[-tier]: Invalid value: \"-tier\": ", "name part must consist of alphanumeric characters"),
        new("label key with two slashes", c => c.Spec.Labels!["a/b/c"] = "x", "spec.labels[a/b/c]: Invalid value: ", "a qualified name must be"),
        new("label key prefix in upper case", c => c.Spec.Labels!["Example.com/team"] = "x", "spec.labels[Example.com/team]: Invalid value: ", "prefix part a lowercase RFC 1123 subdomain"),
        new("label key prefix longer than 253", c => c.Spec.Labels![string.Join('.', Enumerable.Repeat(new string('p', 60), 5)) + "/x"] = "x", "spec.labels[", "prefix part must be no more than 253 characters"),
        new("label key name longer than 63", c => c.Spec.Labels![Long64] = "x", "spec.labels[", "name part must be no more than 63 characters"),
        new("label value with spaces", c => c.Spec.Labels!["tier"] = "front end", "spec.labels[tier]: Invalid value: \"front end\": ", "a valid label must be an empty string or consist of"),
        new("label value longer than 63", c => c.Spec.Labels!["tier"] = Long64, "spec.labels[tier]: Invalid value: ", "a label value must be no more than 63 characters"),
        new("pull secret not a subdomain", c => c.Spec.ImagePullSecrets![0] = "Bad_Name", "spec.imagePullSecrets[0]: Invalid value: \"Bad_Name\": ", "RFC 1123 subdomain"),
        new("pull secrets repeated", c => c.Spec.ImagePullSecrets!.Add("ghcr-pull"), "spec.imagePullSecrets[1]: Duplicate value: \"ghcr-pull\"", ""),
        new("unknown mode", c => c.Spec.Mode = "daemon", "spec.mode: Unsupported value: \"daemon\": ", "\"persistent\", \"oneShot\""),
        new("unknown architecture", c => c.Spec.Architecture = "x86", "spec.architecture: Unsupported value: \"x86\": ", "\"amd64\", \"arm64\""),
        new("progress deadline 0", c => c.Spec.Rollout!.ProgressDeadlineSeconds = 0, "spec.rollout.progressDeadlineSeconds: Invalid value: 0: ", "must be at least 1"),
    ];

    public static TheoryData<string> InvalidNames => [.. Invalid.Select(c => c.Name)];

    public static TheoryData<string> ValidNames => [.. All.Keys];

    [Fact]
    public void The_table_has_at_least_40_distinct_cases()
    {
        Invalid.Length.ShouldBeGreaterThanOrEqualTo(40);
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
    public void A_lifetime_limit_of_0_means_no_limit()
    {
        var container = PublicWebApp();
        container.Spec.Lifetime!.TimeoutSeconds = 10L * 365 * 24 * 3600;
        var settings = Settings() with { Limits = new OperatorLimits { MaxLifetimeSeconds = 0 } };

        SpecValidator.Validate(container, settings, Now).ShouldBeEmpty();
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
        container.Spec.Image = "Nginx";
        container.Spec.Port = 70000;
        container.Spec.Labels![Labels.ManagedBy] = "me";

        var errors = SpecValidator.Validate(container, Settings(), Now);

        errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)])
            .ShouldBe(["spec.image", "spec.port", "spec.labels[app.kubernetes.io/managed-by]"]);
    }

    [Fact]
    public void Long_values_are_shortened_in_the_message()
    {
        var container = PublicWebApp();
        container.Spec.Labels!["tier"] = new string('x', 1000);

        var error = SpecValidator.Validate(container, Settings(), Now).ShouldHaveSingleItem();

        error.Length.ShouldBeLessThan(300);
        error.ShouldContain("...\"");
    }

    [Fact]
    public void Every_label_the_operator_sets_is_reserved()
    {
        foreach (var key in new[] { Labels.ManagedBy, Labels.Name, Labels.Container, Labels.Retain })
        {
            var container = PublicWebApp();
            container.Spec.Labels![key] = "x";

            SpecValidator.Validate(container, Settings(), Now).ShouldHaveSingleItem().ShouldContain("is reserved for the operator");
        }
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
