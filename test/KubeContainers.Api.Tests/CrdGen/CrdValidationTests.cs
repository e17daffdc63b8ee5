using System.Text.RegularExpressions;

namespace KubeContainers.Api.Tests.CrdGen;

/// <summary>
/// The admission rules are in the schema: here the CEL rules are checked for presence, target and message
/// and the patterns evaluated with .NET regexes on good and bad values. The rules themselves are evaluated on good and
/// bad objects by the local cluster's evaluator (LocalCluster.Tests' CelValidatorTests, and SpecAdmissionTests).
/// </summary>
public sealed class CrdValidationTests
{
    [Fact]
    public void Health_check_requires_a_port()
    {
        var rule = GeneratedCrd.Rule("spec", ".healthCheck");

        rule.Rule.ShouldBe("!has(self.healthCheck) || " + PortRules.HasTcpPort + " || has(self.healthCheck.port) || (has(self.healthCheck.type) && self.healthCheck.type in ['exec', 'none'])");
        rule.Message.ShouldStartWith("spec.healthCheck:");
    }

    [Fact]
    public void Public_and_private_ingress_require_a_port()
    {
        var rule = GeneratedCrd.Rule("spec", ".networking.ingress");

        rule.Rule.ShouldContain("self.networking.ingress == 'none' || (self.networking.ingress == 'private' && " + PortRules.HasAnyPort + ") || " + PortRules.HasHttpPort);
        rule.Message.ShouldStartWith("spec.networking.ingress:");
    }

    [Fact]
    public void A_custom_host_requires_public_ingress()
    {
        var rule = GeneratedCrd.Rule("spec", ".networking.host");

        rule.Rule.ShouldContain("self.networking.ingress == 'public'");
        rule.Message.ShouldStartWith("spec.networking.host:");
    }

    [Fact]
    public void One_shot_allows_at_most_one_replica()
    {
        var rule = GeneratedCrd.Rule("spec", ".replicas");

        rule.Rule.ShouldContain("self.mode != 'oneShot'");
        rule.Rule.ShouldContain("self.replicas <= 1");
        rule.Message.ShouldStartWith("spec.replicas:");
    }

    [Fact]
    public void Lifetime_takes_exactly_one_of_timeout_and_expiry()
    {
        var rule = GeneratedCrd.Rule("spec.lifetime", "timeoutSeconds");

        rule.Rule.ShouldBe("has(self.timeoutSeconds) != has(self.expiresAt)");
        rule.Message.ShouldStartWith("spec.lifetime:");
    }

    [Theory]
    [InlineData("w.name == v.name", "names must be unique")]
    [InlineData("w.mountPath == v.mountPath", "mountPaths must be unique")]
    public void Volume_names_and_mount_paths_are_unique(string fragment, string message)
    {
        var rule = GeneratedCrd.Rule("spec.volumes", fragment);

        rule.Rule.ShouldStartWith("self.all(v, self.exists_one(w, ");
        rule.Message.ShouldBe("spec.volumes: " + message);
        GeneratedCrd.At("spec.volumes").MaxItems.ShouldNotBeNull("CEL over an unbounded list exceeds the cost budget");
    }

    [Fact]
    public void Mount_path_is_absolute_and_not_root_proc_sys_or_dev()
    {
        GeneratedCrd.At("spec.volumes.[].mountPath").Pattern.ShouldBe(ValidationPatterns.AbsolutePath);
        GeneratedCrd.Rule("spec.volumes.[].mountPath", "self != '/'").Message.ShouldContain("must not be /");
        var system = GeneratedCrd.Rule("spec.volumes.[].mountPath", "proc|sys|dev");
        system.Message.ShouldStartWith("spec.volumes[].mountPath:");

        // The CEL regex is RE2; this one behaves the same in .NET, so its meaning can be checked here.
        var systemPath = new Regex(Regex.Match(system.Rule, "'(.*)'").Groups[1].Value, RegexOptions.None, TimeSpan.FromSeconds(1));
        foreach (var bad in new[] { "/proc", "/proc/1", "/sys", "/sys/fs", "/dev", "/dev/shm" })
        {
            systemPath.IsMatch(bad).ShouldBeTrue(bad);
        }

        foreach (var good in new[] { "/data", "/procedures", "/var/dev", "/devices" })
        {
            systemPath.IsMatch(good).ShouldBeFalse(good);
        }
    }

    [Fact]
    public void Secret_env_names_are_unique_and_not_also_plain_env()
    {
        GeneratedCrd.Rule("spec.secretEnv", "f.name == e.name").Message.ShouldStartWith("spec.secretEnv:");
        GeneratedCrd.Rule("spec", ".secretEnv").Rule.ShouldContain("!(s.name in self.env)");
    }

    [Fact]
    public void Env_is_capped_at_100_keys_with_values_up_to_32_KiB()
    {
        GeneratedCrd.At("spec.env").MaxProperties.ShouldBe(100);
        GeneratedCrd.At("spec.env.[]").MaxLength.ShouldBe(32768);
    }

    [Fact]
    public void Every_rule_names_its_field_in_the_message()
    {
        var rules = GeneratedCrd.Fields()
            .Select(f => f.Schema)
            .Append(GeneratedCrd.Root)
            .SelectMany(s => s.XKubernetesValidations ?? [])
            .ToList();

        rules.Count.ShouldBeGreaterThanOrEqualTo(10);
        rules.ShouldAllBe(r =>
            (r.Message.StartsWith("spec.", StringComparison.Ordinal) || r.Message.StartsWith("metadata.name:", StringComparison.Ordinal))
            && r.Message.Contains(": "));
    }

    [Theory]
    [InlineData("spec.image", ValidationPatterns.ImageReference)]
    [InlineData("spec.networking.host", ValidationPatterns.HostName)]
    [InlineData("spec.healthCheck.path", ValidationPatterns.HttpPath)]
    [InlineData("spec.workingDir", ValidationPatterns.AbsolutePath)]
    [InlineData("spec.secretEnv.[].key", ValidationPatterns.SecretKey)]
    [InlineData("spec.secretEnv.[].name", ValidationPatterns.EnvVarName)]
    [InlineData("spec.secretEnv.[].secretName", ValidationPatterns.Rfc1123Subdomain)]
    [InlineData("spec.resources.cpu", ValidationPatterns.Quantity)]
    [InlineData("spec.resources.memory", ValidationPatterns.Quantity)]
    [InlineData("spec.resources.ephemeralStorage", ValidationPatterns.Quantity)]
    [InlineData("spec.volumes.[].size", ValidationPatterns.Quantity)]
    [InlineData("spec.volumes.[].name", ValidationPatterns.Rfc1123Label)]
    [InlineData("spec.imagePullSecrets.[]", ValidationPatterns.Rfc1123Subdomain)]
    [InlineData("spec.sandbox", ValidationPatterns.Rfc1123Label)]
    public void Strings_carry_their_pattern(string path, string pattern)
    {
        GeneratedCrd.At(path).Type.ShouldBe("string");
        GeneratedCrd.At(path).Pattern.ShouldBe(pattern);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("nginx:1.27")]
    [InlineData("library/nginx:latest")]
    [InlineData("ghcr.io/org/web:v1.2.3")]
    [InlineData("localhost:5000/app")]
    [InlineData("registry.example.com:443/a/b/c:tag")]
    [InlineData("my-registry.io/team__x/app.name-1:V_1.0")]
    [InlineData("repo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("ghcr.io/org/web:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Image_pattern_accepts_references(string image) => Matches(ValidationPatterns.ImageReference, image).ShouldBeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("Nginx")]
    [InlineData("nginx:")]
    [InlineData("ghcr.io/Org/web")]
    [InlineData("nginx latest")]
    [InlineData("-nginx")]
    [InlineData("https://ghcr.io/org/web")]
    [InlineData("nginx:-tag")]
    [InlineData("repo@sha256:abc")]
    [InlineData("repo@sha256:0123456789abcdef0123456789abcdef")]
    [InlineData("repo@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("repo@md5:0123456789abcdef0123456789abcdef")]
    [InlineData("nginx; rm -rf /")]
    public void Image_pattern_rejects_non_references(string image) => Matches(ValidationPatterns.ImageReference, image).ShouldBeFalse();

    [Theory]
    [InlineData("app.example.com", true)]
    [InlineData("a", true)]
    [InlineData("web-1.apps.example.io", true)]
    [InlineData("App.example.com", false)]
    [InlineData("-a.example.com", false)]
    [InlineData("a..b", false)]
    [InlineData("a.example.com.", false)]
    [InlineData("a_b.example.com", false)]
    public void Host_pattern_is_rfc_1123(string host, bool valid) => Matches(ValidationPatterns.Rfc1123Subdomain, host).ShouldBe(valid);

    [Theory]
    [InlineData("app.example.com", true)]
    [InlineData("web-1.apps.example.io", true)]
    [InlineData("1web.example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("10.0.0.1", false)]
    [InlineData("app.example.123", false)]
    [InlineData("*.example.com", false)]
    [InlineData("App.example.com", false)]
    [InlineData("a..b", false)]
    [InlineData("a.example.com.", false)]
    public void Host_name_pattern_has_short_labels_and_no_ip_address(string host, bool valid) =>
        Matches(ValidationPatterns.HostName, host).ShouldBe(valid);

    [Fact]
    public void Host_name_labels_are_at_most_63_characters()
    {
        Matches(ValidationPatterns.HostName, new string('a', 63) + ".example.com").ShouldBeTrue();
        Matches(ValidationPatterns.HostName, new string('a', 64) + ".example.com").ShouldBeFalse();
    }

    [Theory]
    [InlineData("/health", true)]
    [InlineData("/", true)]
    [InlineData("/healthz?full=1&x=%20", true)]
    [InlineData("health", false)]
    [InlineData("/health check", false)]
    [InlineData("/health\r\nHost: evil", false)]
    [InlineData("/health\t", false)]
    [InlineData("/sant\u00e9", false)]
    public void Http_path_pattern_is_printable_ascii(string path, bool valid) =>
        Matches(ValidationPatterns.HttpPath, path).ShouldBe(valid);

    [Theory]
    [InlineData("/data", true)]
    [InlineData("/my data", true)]
    [InlineData("data", false)]
    [InlineData("/data\n/etc", false)]
    [InlineData("/data\u0000", false)]
    public void Absolute_path_pattern_refuses_control_characters(string path, bool valid) =>
        Matches(ValidationPatterns.AbsolutePath, path).ShouldBe(valid);

    [Theory]
    [InlineData("password", true)]
    [InlineData(".dotfile", true)]
    [InlineData("tls.crt", true)]
    [InlineData("a..b", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("..data", false)]
    [InlineData("a/b", false)]
    public void Secret_key_pattern_is_a_config_map_key(string key, bool valid) =>
        Matches(ValidationPatterns.SecretKey, key).ShouldBe(valid);

    [Fact]
    public void Map_keys_are_checked_by_cel_rules()
    {
        GeneratedCrd.Rule("spec.env", "k.matches").Rule.ShouldContain(ValidationPatterns.EnvVarName);
        GeneratedCrd.Rule("spec.labels", "k.matches").Rule.ShouldContain(ValidationPatterns.LabelKey);
        GeneratedCrd.Rule("spec.labels", "app.kubernetes.io/managed-by").Message.ShouldContain("reserved for the operator");
        ValidationPatterns.LabelKey.ShouldNotContain("\\", customMessage: "a backslash would be a CEL string escape");
    }

    [Fact]
    public void Names_that_become_child_names_are_limited_at_the_root()
    {
        var rules = GeneratedCrd.Root.XKubernetesValidations ?? [];
        rules.Single(r => r.Rule == "self.metadata.name.size() <= 63").Message.ShouldStartWith("metadata.name:");
        rules.Single(r => r.Rule.StartsWith("(!has(self.spec.port) && !has(self.spec.ports))", StringComparison.Ordinal)).Rule.ShouldContain(ValidationPatterns.Dns1035Label);
        rules.Single(r => r.Rule.EndsWith("self.metadata.name.size() <= 60", StringComparison.Ordinal)).Message.ShouldContain("<name>-lb");
    }

    [Theory]
    [InlineData("q.name == p.name", "spec.ports: names must be unique")]
    [InlineData("q.port == p.port", "spec.ports: a port and protocol pair must be unique")]
    [InlineData("p.http).size() <= 1", "spec.ports: at most one port may have http: true")]
    public void Ports_are_unique_with_at_most_one_http_port(string fragment, string message) =>
        GeneratedCrd.Rule("spec.ports", fragment).Message.ShouldBe(message);

    [Fact]
    public void Port_and_ports_exclude_each_other_and_the_load_balancer_needs_a_port_besides_http()
    {
        GeneratedCrd.Rule("spec", ".ports").Rule.ShouldBe("!has(self.port) || !has(self.ports)");
        GeneratedCrd.At("spec").XKubernetesValidations!
            .Where(r => r.FieldPath == ".networking.loadBalancer").Select(r => r.Message)
            .ShouldBe(
            [
                "spec.networking.loadBalancer: requires a port in spec.ports besides the HTTP port: the load balancer carries the ports the Ingress does not",
                "spec.networking.loadBalancer: not with networking.ingress none, which admits no inbound traffic",
            ],
            ignoreOrder: true);
        GeneratedCrd.Rule("spec.ports.[]", ".http").Message.ShouldBe("spec.ports[].http: only a TCP port can be the HTTP port");
    }

    [Theory]
    [InlineData("http", true)]
    [InlineData("grpc-web", true)]
    [InlineData("9p", true)]
    [InlineData("-dns", false)]
    [InlineData("dns-", false)]
    [InlineData("Http", false)]
    [InlineData("my_port", false)]
    public void Port_name_pattern(string name, bool valid) => Matches(PortRules.PortNamePattern, name).ShouldBe(valid);

    [Fact]
    public void Image_pull_secrets_are_unique_and_mount_paths_do_not_nest()
    {
        GeneratedCrd.Rule("spec.imagePullSecrets", "exists_one").Message.ShouldStartWith("spec.imagePullSecrets:");
        GeneratedCrd.Rule("spec.volumes", "startsWith").Message.ShouldContain("inside another");
    }

    [Theory]
    [InlineData("PATH", true)]
    [InlineData("_private", true)]
    [InlineData("my_var2", true)]
    [InlineData("2VAR", false)]
    [InlineData("MY-VAR", false)]
    [InlineData("MY.VAR", false)]
    [InlineData("", false)]
    public void Env_var_name_pattern(string name, bool valid) => Matches(ValidationPatterns.EnvVarName, name).ShouldBe(valid);

    [Theory]
    [InlineData("500m", true)]
    [InlineData("2", true)]
    [InlineData("1.5", true)]
    [InlineData("512Mi", true)]
    [InlineData("5Gi", true)]
    [InlineData("1e3", true)]
    [InlineData("128k", true)]
    [InlineData("-1", false)]
    [InlineData("512MB", false)]
    [InlineData("1.5.5", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void Quantity_pattern(string quantity, bool valid) => Matches(ValidationPatterns.Quantity, quantity).ShouldBe(valid);

    private static bool Matches(string pattern, string value) =>
        Regex.IsMatch(value, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
}
