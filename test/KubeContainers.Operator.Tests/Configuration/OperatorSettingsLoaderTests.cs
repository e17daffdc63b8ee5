using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.Operator.Configuration;
using static KubeContainers.Operator.Tests.Configuration.SettingsSources;

namespace KubeContainers.Operator.Tests.Configuration;

public sealed class OperatorSettingsLoaderTests
{
    /// <summary>Each flag with a value other than its default, and how that value reads back from the result.</summary>
    public static readonly TheoryData<string, string, string> Flags = new()
    {
        { "base-domain", "apps.example.com", "apps.example.com" },
        { "allowed-domains", "a.example.com, b.example.com", "a.example.com,b.example.com" },
        { "ingress-class", "traefik", "traefik" },
        { "tls-issuer", "letsencrypt-prod", "letsencrypt-prod" },
        { "tls-by-default", "false", "False" },
        { "ingress-ready-without-address", "true", "True" },
        { "allow-load-balancers", "true", "True" },
        { "default-sandbox", "kata", "kata" },
        { "ingress-namespace", "traefik-system", "traefik-system" },
        { "dns-namespace", "dns", "dns" },
        { "blocked-egress-cidrs", "169.254.169.254/32,fd00::/8", "169.254.169.254/32,fd00::/8" },
        { "watch-namespaces", "team-a,team-b", "team-a,team-b" },
        { "workers", "8", "8" },
        { "leader-election", "true", "True" },
        { "leader-election-namespace", "ops", "ops" },
        { "leader-election-id", "team-a-operator", "team-a-operator" },
        { "metrics-port", "9090", "9090" },
        { "health-port", "0", "0" },
        { "qps", "7.5", "7.5" },
        { "burst", "15", "15" },
        { "resync-seconds", "30", "00:00:30" },
        { "child-event-delay-ms", "250", "00:00:00.2500000" },
        { "child-event-interval-ms", "2000", "00:00:02" },
        { "child-event-max-delay-ms", "5000", "00:00:05" },
        { "pod-security", "baseline", "baseline" },
        { "default-run-as-user", "1000", "1000" },
        { "default-cpu", "100m", "100m" },
        { "default-memory", "128Mi", "128Mi" },
        { "default-plan", "free", "free" },
        { "max-replicas", "3", "3" },
        { "max-cpu", "2", "2" },
        { "max-memory", "4Gi", "4Gi" },
        { "max-ephemeral-storage", "10Gi", "10Gi" },
        { "max-gpu", "0", "0" },
        { "max-lifetime-seconds", "0", "0" },
        { "max-volumes", "2", "2" },
        { "max-volume-size", "50Gi", "50Gi" },
        { "max-env-vars", "20", "20" },
        { "log-level", "debug", "Debug" },
        { "log-format", "json", "json" },
        { "context", "staging", "staging" },
    };

    private static readonly Dictionary<string, Func<OperatorSettingsResult, object?>> Readers = new()
    {
        ["base-domain"] = r => r.Settings!.BaseDomain,
        ["allowed-domains"] = r => string.Join(',', r.Settings!.AllowedDomains),
        ["ingress-class"] = r => r.Settings!.IngressClass,
        ["tls-issuer"] = r => r.Settings!.TlsIssuer,
        ["tls-by-default"] = r => r.Settings!.TlsByDefault,
        ["ingress-ready-without-address"] = r => r.Settings!.IngressReadyWithoutAddress,
        ["allow-load-balancers"] = r => r.Settings!.AllowLoadBalancers,
        ["default-sandbox"] = r => r.Settings!.DefaultSandbox,
        ["ingress-namespace"] = r => r.Settings!.IngressNamespace,
        ["dns-namespace"] = r => r.Settings!.DnsNamespace,
        ["blocked-egress-cidrs"] = r => string.Join(',', r.Settings!.BlockedEgressCidrs),
        ["watch-namespaces"] = r => string.Join(',', r.Settings!.WatchNamespaces),
        ["workers"] = r => r.Settings!.Workers,
        ["leader-election"] = r => r.Settings!.LeaderElection,
        ["leader-election-namespace"] = r => r.Settings!.LeaderElectionNamespace,
        ["leader-election-id"] = r => r.Settings!.LeaderElectionId,
        ["metrics-port"] = r => r.Settings!.MetricsPort,
        ["health-port"] = r => r.Settings!.HealthPort,
        ["qps"] = r => r.Settings!.Qps,
        ["burst"] = r => r.Settings!.Burst,
        ["resync-seconds"] = r => r.Settings!.ResyncPeriod,
        ["child-event-delay-ms"] = r => r.Settings!.ChildEventDelay,
        ["child-event-interval-ms"] = r => r.Settings!.ChildEventInterval,
        ["child-event-max-delay-ms"] = r => r.Settings!.ChildEventMaxDelay,
        ["pod-security"] = r => r.Settings!.PodSecurity,
        ["default-run-as-user"] = r => r.Settings!.DefaultRunAsUser,
        ["default-cpu"] = r => r.Settings!.DefaultCpu,
        ["default-memory"] = r => r.Settings!.DefaultMemory,
        ["default-plan"] = r => r.Settings!.DefaultPlan,
        ["max-replicas"] = r => r.Settings!.Limits.MaxReplicas,
        ["max-cpu"] = r => r.Settings!.Limits.MaxCpu,
        ["max-memory"] = r => r.Settings!.Limits.MaxMemory,
        ["max-ephemeral-storage"] = r => r.Settings!.Limits.MaxEphemeralStorage,
        ["max-gpu"] = r => r.Settings!.Limits.MaxGpu,
        ["max-lifetime-seconds"] = r => r.Settings!.Limits.MaxLifetimeSeconds,
        ["max-volumes"] = r => r.Settings!.Limits.MaxVolumes,
        ["max-volume-size"] = r => r.Settings!.Limits.MaxVolumeSize,
        ["max-env-vars"] = r => r.Settings!.Limits.MaxEnvVars,
        ["log-level"] = r => r.Settings!.LogLevel,
        ["log-format"] = r => r.Settings!.LogFormat,
        ["kubeconfig"] = r => r.Connection!.Kubeconfig,
        ["context"] = r => r.Connection!.Context,
    };

    [Fact]
    public void Every_flag_is_in_the_mapping_table()
    {
        var tested = Flags.Select(row => row.Data.Item1).Append("kubeconfig").Order().ToList();

        tested.ShouldBe(OperatorFlags.All.Select(f => f.Name).Order().ToList());
        Readers.Keys.Order().ShouldBe(tested);
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public void Each_flag_sets_its_setting_from_every_source_and_spelling(string flag, string value, string expected)
    {
        var key = OperatorFlags.Find(flag)!.Key;
        string[][] commandLines = [[$"--{flag}={value}"], [$"--{flag}", value], [$"-{flag}={value}"]];
        Dictionary<string, string?>[] environments =
        [
            new() { [$"KUBECONTAINERS_{flag.Replace('-', '_').ToUpperInvariant()}"] = value },
            new() { [$"KUBECONTAINERS_{key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()}"] = value },
            new() { [$"kubecontainers_{key.Replace(":", "__", StringComparison.Ordinal)}"] = value },
        ];

        foreach (var args in commandLines)
        {
            Read(flag, Load(args: args)).ShouldBe(expected, string.Join(' ', args));
        }

        foreach (var env in environments)
        {
            Read(flag, Load(env: env)).ShouldBe(expected, env.Keys.Single());
        }

        Read(flag, Load(json: Json(key, value))).ShouldBe(expected, "appsettings.json");
    }

    [Fact]
    public void Kubeconfig_and_context_make_the_connection_not_the_settings()
    {
        var kubeconfig = Path.GetTempFileName();
        try
        {
            var result = Load(args: ["--kubeconfig", kubeconfig, "--context=kind-dev"]);

            result.Errors.ShouldBeEmpty();
            result.Connection.ShouldBe(new ClusterConnection(kubeconfig, "kind-dev"));
            Load(env: new() { ["KUBECONTAINERS_KUBECONFIG"] = kubeconfig }).Connection!.Kubeconfig.ShouldBe(kubeconfig);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public void Nothing_configured_gives_the_defaults()
    {
        var result = Load();

        result.Errors.ShouldBeEmpty();
        result.Settings.ShouldNotBeNull();
        var defaults = new OperatorSettings();
        result.Settings.BaseDomain.ShouldBe(defaults.BaseDomain);
        result.Settings.Limits.ShouldBe(defaults.Limits);
        result.Settings.BlockedEgressCidrs.ShouldBe(defaults.BlockedEgressCidrs);
        result.Settings.DnsPodLabels.ShouldBe(defaults.DnsPodLabels);
        result.Settings.Sandboxes.Keys.ShouldBe(["gvisor", "kata", "kata-fc", "none"], ignoreOrder: true);
        result.Settings.Sandboxes["kata"].Handler.ShouldBe("kata-qemu");
        result.Settings.LogLevel.ShouldBe(Microsoft.Extensions.Logging.LogLevel.Information);
        result.Settings.LogFormat.ShouldBe(LogFormats.Text);
        result.Connection.ShouldBe(new ClusterConnection());
    }

    [Fact]
    public void Flags_override_environment_which_overrides_appsettings()
    {
        const string File = """{ "BaseDomain": "file.example.com", "Workers": 2, "Limits": { "MaxReplicas": 5 } }""";
        Dictionary<string, string?> env = new() { ["KUBECONTAINERS_BASE_DOMAIN"] = "env.example.com", ["KUBECONTAINERS_LIMITS__MAXREPLICAS"] = "6" };

        var fileOnly = Settings(json: File);
        fileOnly.BaseDomain.ShouldBe("file.example.com");
        fileOnly.Limits.MaxReplicas.ShouldBe(5);

        var fileAndEnv = Settings(env: env, json: File);
        fileAndEnv.BaseDomain.ShouldBe("env.example.com");
        fileAndEnv.Limits.MaxReplicas.ShouldBe(6);
        fileAndEnv.Workers.ShouldBe(2);

        var all = Settings(args: ["--base-domain", "flag.example.com", "--max-replicas=7"], env: env, json: File);
        all.BaseDomain.ShouldBe("flag.example.com");
        all.Limits.MaxReplicas.ShouldBe(7);
        all.Workers.ShouldBe(2);
    }

    [Fact]
    public void When_both_environment_spellings_are_set_the_dotnet_one_wins()
    {
        Settings(env: new()
        {
            ["KUBECONTAINERS_BASE_DOMAIN"] = "typed.example.com",
            ["KUBECONTAINERS_BASEDOMAIN"] = "dotnet.example.com",
        }).BaseDomain.ShouldBe("dotnet.example.com");
    }

    [Fact]
    public void Environment_variables_without_the_prefix_are_ignored()
    {
        Settings(env: new() { ["BASE_DOMAIN"] = "x.example.com", ["KUBECONTAINERS_"] = "y" }).BaseDomain.ShouldBe("kubecontainers.localhost");
    }

    [Fact]
    public void A_list_from_a_later_source_replaces_the_earlier_list_whole()
    {
        const string File = """{ "WatchNamespaces": ["a", "b", "c"] }""";

        Settings(json: File).WatchNamespaces.ShouldBe(["a", "b", "c"]);
        Settings(env: new() { ["KUBECONTAINERS_WATCH_NAMESPACES"] = "d" }, json: File).WatchNamespaces.ShouldBe(["d"]);
        Settings(env: new() { ["KUBECONTAINERS_WATCHNAMESPACES__0"] = "e" }, json: File).WatchNamespaces.ShouldBe(["e"]);
        Settings(args: ["--watch-namespaces", "f,g"], env: new() { ["KUBECONTAINERS_WATCHNAMESPACES__0"] = "e" }, json: File)
            .WatchNamespaces.ShouldBe(["f", "g"]);
    }

    [Fact]
    public void Repeated_list_flags_append_and_an_empty_list_clears_the_default()
    {
        Settings(args: ["--watch-namespaces=a", "--watch-namespaces", "b,c"]).WatchNamespaces.ShouldBe(["a", "b", "c"]);
        Settings(args: ["--blocked-egress-cidrs="]).BlockedEgressCidrs.ShouldBeEmpty();
        Settings(json: """{ "BlockedEgressCidrs": [] }""").BlockedEgressCidrs.ShouldBeEmpty();
    }

    [Fact]
    public void A_later_list_index_beyond_ten_keeps_its_numeric_order()
    {
        var env = Enumerable.Range(0, 12).ToDictionary(i => $"KUBECONTAINERS_ALLOWEDDOMAINS__{i}", i => (string?)$"d{i}.example.com");

        Settings(env: env).AllowedDomains.ShouldBe([.. Enumerable.Range(0, 12).Select(i => $"d{i}.example.com")]);
    }

    [Fact]
    public void Switches_need_no_value()
    {
        var settings = Settings(args: ["--leader-election", "--workers", "3"]);
        settings.LeaderElection.ShouldBeTrue();
        settings.Workers.ShouldBe(3);

        Settings(args: ["--tls-by-default", "false"]).TlsByDefault.ShouldBeFalse();
        Settings(args: ["--leader-election=False"]).LeaderElection.ShouldBeFalse();
        Settings(args: ["--tls-by-default"]).TlsByDefault.ShouldBeTrue();
    }

    [Fact]
    public void An_empty_optional_name_clears_it()
    {
        var settings = Settings(args: ["--ingress-class="], env: new() { ["KUBECONTAINERS_TLS_ISSUER"] = "" }, json: """{ "TlsIssuer": "from-file" }""");

        settings.IngressClass.ShouldBeNull();
        settings.TlsIssuer.ShouldBeNull();
    }

    [Fact]
    public void Pod_security_is_read_in_any_case()
    {
        Settings(args: ["--pod-security", "Baseline"]).PodSecurity.ShouldBe(PodSecurityLevels.Baseline);
    }

    [Fact]
    public void Sandbox_profiles_come_from_appsettings_and_replace_the_defaults()
    {
        var settings = Settings(json: """
            {
              "DefaultSandbox": "kata",
              "Sandboxes": {
                "kata": {
                  "Handler": "kata-qemu-tdx",
                  "Overhead": { "cpu": "500m", "memory": "256Mi" },
                  "NodeSelector": { "katacontainers.io/kata-runtime": "true", "example.com/tdx": "" },
                  "Tolerations": [ "sandbox=kata:NoSchedule", "dedicated:NoExecute", "example.com/tainted" ]
                },
                "none": {}
              }
            }
            """);

        settings.DefaultSandbox.ShouldBe("kata");
        settings.Sandboxes.Keys.ShouldBe(["kata", "none"], ignoreOrder: true);
        var kata = settings.Sandboxes["kata"];
        kata.Name.ShouldBe("kata");
        kata.Handler.ShouldBe("kata-qemu-tdx");
        kata.Overhead.ShouldBe(new Dictionary<string, string> { ["cpu"] = "500m", ["memory"] = "256Mi" }, ignoreOrder: true);
        kata.NodeSelector.ShouldBe(new Dictionary<string, string> { ["katacontainers.io/kata-runtime"] = "true", ["example.com/tdx"] = "" }, ignoreOrder: true);
        kata.Tolerations.ShouldBe(["sandbox=kata:NoSchedule", "dedicated:NoExecute", "example.com/tainted"]);
        settings.Sandboxes["none"].Handler.ShouldBeNull();
        settings.Sandboxes["none"].Overhead.ShouldBeEmpty();
    }

    [Fact]
    public void The_built_in_sandboxes_let_the_image_user_run_and_claim_baseline_while_none_keeps_the_operator_level()
    {
        var settings = Settings();

        foreach (var name in new[] { "gvisor", "kata", "kata-fc" })
        {
            settings.Sandboxes[name].AllowImageUser.ShouldBeTrue(name);
            settings.Sandboxes[name].PodSecurityLevel(settings.PodSecurity).ShouldBe(PodSecurityLevels.Baseline, name);
        }

        settings.Sandboxes["none"].AllowImageUser.ShouldBeFalse();
        settings.Sandboxes["none"].PodSecurityLevel(settings.PodSecurity).ShouldBe(PodSecurityLevels.Restricted);
    }

    [Fact]
    public void A_configured_profile_inherits_allow_image_user_from_the_built_in_of_its_name_and_a_new_name_does_not()
    {
        var settings = Settings(json: """
            {
              "DefaultSandbox": "kata",
              "Sandboxes": {
                "kata": { "Handler": "kata-qemu" },
                "gvisor": { "Handler": "runsc", "AllowImageUser": false, "PodSecurity": "restricted" },
                "runc-hardened": { "Handler": "runc-hardened" },
                "youki": { "Handler": "youki", "AllowImageUser": "true" }
              }
            }
            """);

        settings.Sandboxes["kata"].AllowImageUser.ShouldBeTrue();
        settings.Sandboxes["gvisor"].AllowImageUser.ShouldBeFalse();
        settings.Sandboxes["gvisor"].PodSecurityLevel(PodSecurityLevels.Baseline).ShouldBe(PodSecurityLevels.Restricted);
        settings.Sandboxes["runc-hardened"].AllowImageUser.ShouldBeFalse();
        settings.Sandboxes["youki"].AllowImageUser.ShouldBeTrue();
        settings.Sandboxes["youki"].PodSecurityLevel(PodSecurityLevels.Restricted).ShouldBe(PodSecurityLevels.Baseline);
    }

    [Fact]
    public void Allow_image_user_comes_from_an_environment_variable()
    {
        var settings = Settings(env: new()
        {
            ["KUBECONTAINERS_SANDBOXES__GVISOR__HANDLER"] = "runsc",
            ["KUBECONTAINERS_SANDBOXES__GVISOR__ALLOW_IMAGE_USER"] = "false",
        });

        settings.Sandboxes["gvisor"].AllowImageUser.ShouldBeFalse();
    }

    [Fact]
    public void Sandbox_profiles_come_from_environment_variables_in_either_spelling()
    {
        var settings = Settings(env: new()
        {
            ["KUBECONTAINERS_DEFAULT_SANDBOX"] = "kata-fc",
            ["KUBECONTAINERS_SANDBOXES__KATA_FC__HANDLER"] = "kata-fc",
            ["KUBECONTAINERS_SANDBOXES__KATA_FC__OVERHEAD__CPU"] = "250m",
            ["KUBECONTAINERS_SANDBOXES__KATA_FC__NODE_SELECTOR__katacontainers.io/kata-runtime"] = "true",
            ["KUBECONTAINERS_SANDBOXES__KATA_FC__TOLERATIONS"] = "a:NoSchedule,b=c:NoExecute",
            ["KUBECONTAINERS_SANDBOXES__GVISOR__HANDLER"] = "runsc",
            ["KUBECONTAINERS_SANDBOXES__GVISOR__TOLERATIONS__0"] = "gvisor:NoSchedule",
        });

        settings.DefaultSandbox.ShouldBe("kata-fc");
        settings.Sandboxes.Keys.ShouldBe(["gvisor", "kata-fc"], ignoreOrder: true);
        var fc = settings.Sandboxes["kata-fc"];
        fc.Handler.ShouldBe("kata-fc");
        fc.Overhead.ShouldBe(new Dictionary<string, string> { ["cpu"] = "250m" });
        fc.NodeSelector.ShouldBe(new Dictionary<string, string> { ["katacontainers.io/kata-runtime"] = "true" });
        fc.Tolerations.ShouldBe(["a:NoSchedule", "b=c:NoExecute"]);
        settings.Sandboxes["gvisor"].Tolerations.ShouldBe(["gvisor:NoSchedule"]);
    }

    [Fact]
    public void Sandbox_profiles_can_be_set_with_configuration_path_flags_over_appsettings()
    {
        var settings = Settings(
            args: ["--Sandboxes:gvisor:Handler=runsc-debug", "--Sandboxes:none:Handler", ""],
            json: """{ "Sandboxes": { "gvisor": { "Handler": "runsc" } } }""");

        settings.Sandboxes["gvisor"].Handler.ShouldBe("runsc-debug");
        settings.Sandboxes["none"].Handler.ShouldBeNull();
    }

    [Fact]
    public void Dns_pod_labels_come_from_configuration()
    {
        Settings(json: """{ "DnsPodLabels": { "k8s-app": "coredns", "app.kubernetes.io/name": "coredns" } }""")
            .DnsPodLabels.ShouldBe(new Dictionary<string, string> { ["k8s-app"] = "coredns", ["app.kubernetes.io/name"] = "coredns" }, ignoreOrder: true);
    }

    [Fact]
    public void Unrelated_configuration_is_left_alone()
    {
        Settings(json: """{ "Logging": { "LogLevel": { "Default": "Debug" } }, "AllowedHosts": "*" }""",
            args: ["--Logging:LogLevel:Default=Trace"]).BaseDomain.ShouldBe("kubecontainers.localhost");
    }

    private static string? Read(string flag, OperatorSettingsResult result)
    {
        result.Errors.ShouldBeEmpty();
        return Readers[flag](result) switch
        {
            null => null,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
    }

    private static string Json(string key, string value)
    {
        var root = new JsonObject();
        var node = root;
        var segments = key.Split(':');
        foreach (var segment in segments[..^1])
        {
            var child = new JsonObject();
            node[segment] = child;
            node = child;
        }

        node[segments[^1]] = value;
        return root.ToJsonString();
    }
}
