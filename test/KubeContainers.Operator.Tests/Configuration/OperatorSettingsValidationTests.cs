using KubeContainers.Operator.Configuration;
using static KubeContainers.Operator.Tests.Configuration.SettingsSources;

namespace KubeContainers.Operator.Tests.Configuration;

public sealed class OperatorSettingsValidationTests
{
    [Theory]
    [InlineData("--base-domain=Apps.Example.com", "--base-domain: \"Apps.Example.com\" must be a lowercase DNS name (e.g. apps.example.com)")]
    [InlineData("--base-domain=apps_example.com", "--base-domain: \"apps_example.com\" must be a lowercase DNS name (e.g. apps.example.com)")]
    [InlineData("--base-domain=", "--base-domain: must not be empty")]
    [InlineData("--allowed-domains=ok.example.com,Bad.com,-x.com", "--allowed-domains: \"Bad.com\" is not a lowercase DNS name; \"-x.com\" is not a lowercase DNS name")]
    [InlineData("--ingress-class=Nginx", "--ingress-class: \"Nginx\" must be an IngressClass name (a lowercase DNS name)")]
    [InlineData("--tls-issuer=lets encrypt", "--tls-issuer: \"lets encrypt\" must be a ClusterIssuer name (a lowercase DNS name)")]
    [InlineData("--tls-by-default=yes", "--tls-by-default: \"yes\" must be true or false")]
    [InlineData("--default-sandbox=foo", "--default-sandbox: \"foo\" is not a configured sandbox profile (known: gvisor, kata, kata-fc, none)")]
    [InlineData("--default-sandbox=", "--default-sandbox: \"\" is not a configured sandbox profile (known: gvisor, kata, kata-fc, none)")]
    [InlineData("--ingress-namespace=ingress.nginx", "--ingress-namespace: \"ingress.nginx\" must be a namespace name (a lowercase DNS label)")]
    [InlineData("--dns-namespace=Kube-System", "--dns-namespace: \"Kube-System\" must be a namespace name (a lowercase DNS label)")]
    [InlineData("--blocked-egress-cidrs=10.0.0/8", "--blocked-egress-cidrs: \"10.0.0/8\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)")]
    [InlineData("--blocked-egress-cidrs=10.0.0.0", "--blocked-egress-cidrs: \"10.0.0.0\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)")]
    [InlineData("--blocked-egress-cidrs=10.0.0.0/33", "--blocked-egress-cidrs: \"10.0.0.0/33\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)")]
    [InlineData("--blocked-egress-cidrs=256.0.0.0/8", "--blocked-egress-cidrs: \"256.0.0.0/8\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)")]
    [InlineData("--blocked-egress-cidrs=fd00::/129", "--blocked-egress-cidrs: \"fd00::/129\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)")]
    [InlineData("--blocked-egress-cidrs=10.1.2.3/8", "--blocked-egress-cidrs: \"10.1.2.3/8\" is not a CIDR: it has address bits set after the /8 prefix (did you mean 10.0.0.0/8?)")]
    [InlineData("--blocked-egress-cidrs=10.0.0/8,1.2.3.4/32,x", "--blocked-egress-cidrs: \"10.0.0/8\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8); \"x\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)")]
    [InlineData("--watch-namespaces=team-a,Team_B", "--watch-namespaces: \"Team_B\" is not a namespace name (a lowercase DNS label)")]
    [InlineData("--workers=0", "--workers: \"0\" must be a whole number from 1 to 1000")]
    [InlineData("--workers=four", "--workers: \"four\" must be a whole number from 1 to 1000")]
    [InlineData("--leader-election=on", "--leader-election: \"on\" must be true or false")]
    [InlineData("--leader-election-namespace=Ops", "--leader-election-namespace: \"Ops\" must be a namespace name (a lowercase DNS label)")]
    [InlineData("--leader-election-id=Team_A", "--leader-election-id: \"Team_A\" must be a Lease name (a lowercase DNS subdomain)")]
    [InlineData("--leader-election-id=", "--leader-election-id: must not be empty")]
    [InlineData("--metrics-port=65536", "--metrics-port: \"65536\" must be a port from 1 to 65535, or 0")]
    [InlineData("--health-port=-1", "--health-port: \"-1\" must be a port from 1 to 65535, or 0")]
    [InlineData("--qps=0", "--qps: \"0\" must be a number greater than 0 (requests per second, e.g. 50 or 7.5)")]
    [InlineData("--qps=fast", "--qps: \"fast\" must be a number greater than 0 (requests per second, e.g. 50 or 7.5)")]
    [InlineData("--burst=0", "--burst: \"0\" must be a whole number of at least 1")]
    [InlineData("--resync-seconds=0", "--resync-seconds: \"0\" must be a whole number of at least 1")]
    [InlineData("--child-event-delay-ms=-1", "--child-event-delay-ms: \"-1\" must be a whole number from 0 to 60000")]
    [InlineData("--pod-security=privileged", "--pod-security: \"privileged\" must be restricted or baseline")]
    [InlineData("--log-level=verbose", "--log-level: \"verbose\" must be one of trace, debug, information, warning, error")]
    [InlineData("--log-format=logfmt", "--log-format: \"logfmt\" must be one of text, json")]
    [InlineData("--default-run-as-user=0", "--default-run-as-user: \"0\" must be a numeric user id from 1 to 2147483647 (0 is root, which runAsNonRoot refuses)")]
    [InlineData("--default-cpu=half", "--default-cpu: \"half\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)")]
    [InlineData("--default-memory=0", "--default-memory: \"0\" must be more than zero")]
    [InlineData("--default-cpu=8", "--default-cpu: \"8\" is more than --max-cpu \"4\"")]
    [InlineData("--default-memory=16Gi", "--default-memory: \"16Gi\" is more than --max-memory \"8Gi\"")]
    [InlineData("--max-replicas=0", "--max-replicas: \"0\" must be a whole number of at least 1")]
    [InlineData("--max-cpu=4 cores", "--max-cpu: \"4 cores\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)")]
    [InlineData("--max-cpu=1K", "--max-cpu: \"1K\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)")]
    [InlineData("--max-memory=-1Gi", "--max-memory: \"-1Gi\" must be more than zero")]
    [InlineData("--max-ephemeral-storage=1.2.3Gi", "--max-ephemeral-storage: \"1.2.3Gi\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)")]
    [InlineData("--max-gpu=-1", "--max-gpu: \"-1\" must be a whole number of at least 0")]
    [InlineData("--max-lifetime-seconds=-5", "--max-lifetime-seconds: \"-5\" must be a whole number of seconds, 0 for no limit")]
    [InlineData("--max-volumes=many", "--max-volumes: \"many\" must be a whole number of at least 0")]
    [InlineData("--max-volume-size=100GB", "--max-volume-size: \"100GB\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)")]
    [InlineData("--max-env-vars=1.5", "--max-env-vars: \"1.5\" must be a whole number of at least 0")]
    [InlineData("--kubeconfig=/nonexistent/kubeconfig", "--kubeconfig: \"/nonexistent/kubeconfig\" does not exist")]
    public void A_bad_flag_value_is_one_error_naming_the_flag_and_the_rule(string arg, string error)
    {
        Error(args: [arg]).ShouldBe(error);
    }

    [Fact]
    public void The_same_rules_apply_to_environment_variables_and_appsettings()
    {
        Error(env: new() { ["KUBECONTAINERS_BASE_DOMAIN"] = "NOPE" }).ShouldBe("--base-domain: \"NOPE\" must be a lowercase DNS name (e.g. apps.example.com)");
        Error(json: """{ "Limits": { "MaxReplicas": 0 } }""").ShouldBe("--max-replicas: \"0\" must be a whole number of at least 1");
        Error(json: """{ "BlockedEgressCidrs": ["169.254.169.254/32", "10.0.0/8"] }""")
            .ShouldBe("--blocked-egress-cidrs: \"10.0.0/8\" is not a CIDR (address/prefix, e.g. 10.0.0.0/8 or fd00::/8)");
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once_without_an_exception()
    {
        var result = Load(
            args: ["--workers=0", "--qps=-1", "--base-domain=UPPER", "--bogus"],
            env: new() { ["KUBECONTAINERS_POD_SECURITY"] = "strict" },
            json: """{ "Limits": { "MaxCpu": "lots" } }""");

        result.Succeeded.ShouldBeFalse();
        result.Settings.ShouldBeNull();
        result.Connection.ShouldBeNull();
        result.Errors.Count.ShouldBe(6);
        result.Errors.ShouldContain(e => e.StartsWith("--bogus:", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("--workers:", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("--qps:", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("--base-domain:", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("--pod-security:", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("--max-cpu:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_default_above_a_bad_limit_is_not_reported_twice()
    {
        Error(args: ["--default-cpu=8", "--max-cpu=x"]).ShouldBe("--max-cpu: \"x\" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)");
    }

    [Theory]
    [InlineData("--base-domian=x.com", "--base-domian: unknown flag (did you mean --base-domain?)")]
    [InlineData("--max-replica=3", "--max-replica: unknown flag (did you mean --max-replicas?)")]
    [InlineData("--frobnicate", "--frobnicate: unknown flag")]
    [InlineData("--base-domain", "--base-domain: needs a value (--base-domain=VALUE or --base-domain VALUE)")]
    [InlineData("apps.example.com", "\"apps.example.com\": unexpected argument (settings are flags, e.g. --base-domain=example.com)")]
    public void Command_line_mistakes_are_errors(string arg, string error)
    {
        Error(args: [arg]).ShouldBe(error);
    }

    [Fact]
    public void A_flag_missing_its_value_does_not_swallow_the_next_flag()
    {
        var result = Load(args: ["--base-domain", "--workers", "3"]);

        result.Errors.ShouldBe(["--base-domain: needs a value (--base-domain=VALUE or --base-domain VALUE)"]);
    }

    [Fact]
    public void A_negative_number_is_a_value_not_a_flag()
    {
        Error(args: ["--max-gpu", "-1"]).ShouldBe("--max-gpu: \"-1\" must be a whole number of at least 0");
    }

    [Fact]
    public void Default_sandbox_must_name_a_configured_profile()
    {
        Error(json: """{ "Sandboxes": { "kata": { "Handler": "kata-qemu" } } }""")
            .ShouldBe("--default-sandbox: \"gvisor\" is not a configured sandbox profile (known: kata)");
    }

    [Theory]
    [InlineData("""{ "Kata_QEMU": { "Handler": "kata-qemu" } }""", "Sandboxes:Kata_QEMU: \"Kata_QEMU\" is not a sandbox profile name (a lowercase DNS label, e.g. kata-fc)")]
    [InlineData("""{ "kata": { "Handler": "Kata QEMU" } }""", "Sandboxes:kata:Handler: \"Kata QEMU\" is not a CRI handler name (a lowercase DNS label, e.g. runsc)")]
    [InlineData("""{ "kata": { "Overhead": { "cpu": "a lot" } } }""", "Sandboxes:kata:Overhead:cpu: \"a lot\" is not a Kubernetes quantity of zero or more (e.g. 250m, 160Mi)")]
    [InlineData("""{ "kata": { "Overhead": { "cpu": "-1" } } }""", "Sandboxes:kata:Overhead:cpu: \"-1\" is not a Kubernetes quantity of zero or more (e.g. 250m, 160Mi)")]
    [InlineData("""{ "kata": { "Overhead": { "no such/resource/name": "1" } } }""", "Sandboxes:kata:Overhead:no such/resource/name: \"no such/resource/name\" is not a resource name (e.g. cpu, memory)")]
    [InlineData("""{ "kata": { "NodeSelector": { "bad key!": "true" } } }""", "Sandboxes:kata:NodeSelector:bad key!: \"bad key!\" is not a label key (e.g. example.com/role)")]
    [InlineData("""{ "kata": { "NodeSelector": { "ok": "not ok" } } }""", "Sandboxes:kata:NodeSelector:ok: \"not ok\" is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)")]
    [InlineData("""{ "kata": { "Tolerations": [ "a:NoSchedule", "b:Never" ] } }""", "Sandboxes:kata:Tolerations: \"b:Never\" is not a toleration: the effect must be NoSchedule, PreferNoSchedule or NoExecute")]
    [InlineData("""{ "kata": { "Tolerations": [ "a=b" ] } }""", "Sandboxes:kata:Tolerations: \"a=b\" is not a toleration: key=value needs an effect (key=value:Effect, key:Effect or key)")]
    [InlineData("""{ "kata": { "Tolerations": [ "bad key=b:NoSchedule" ] } }""", "Sandboxes:kata:Tolerations: \"bad key=b:NoSchedule\" is not a toleration (key=value:Effect, key:Effect or key, with a label key and value)")]
    [InlineData("""{ "kata": { "Handlr": "kata-qemu" } }""", "Sandboxes:kata:Handlr: unknown setting (known: Handler, Overhead, NodeSelector, Tolerations, AllowImageUser, PodSecurity)")]
    [InlineData("""{ "kata": "kata-qemu" }""", "Sandboxes:kata: must be a section (Handler, Overhead, NodeSelector, Tolerations, AllowImageUser, PodSecurity), not a value")]
    [InlineData("""{ "kata": { "AllowImageUser": "yes" } }""", "Sandboxes:kata:AllowImageUser: \"yes\" must be true or false")]
    [InlineData("""{ "kata": { "PodSecurity": "privileged" } }""", "Sandboxes:kata:PodSecurity: \"privileged\" must be restricted or baseline")]
    [InlineData("""{ "kata": { "PodSecurity": "restricted" } }""", "Sandboxes:kata:PodSecurity: \"restricted\" cannot hold with AllowImageUser true: restricted requires runAsNonRoot, and the image's user may be root (use baseline, or set AllowImageUser false)")]
    public void A_bad_sandbox_profile_is_one_error_naming_its_configuration_path(string sandboxes, string error)
    {
        Error(json: $$"""{ "DefaultSandbox": "{{(sandboxes.Contains("Kata_QEMU", StringComparison.Ordinal) ? "kata_qemu" : "kata")}}", "Sandboxes": {{sandboxes}} }""")
            .ShouldBe(error);
    }

    [Fact]
    public void Unknown_limits_and_bad_dns_pod_labels_are_errors()
    {
        Error(json: """{ "Limits": { "MaxReplica": 3 } }""").ShouldStartWith("Limits:MaxReplica: unknown setting (known: MaxReplicas, MaxCpu,");
        Error(json: """{ "DnsPodLabels": { "k8s-app": "" } }""").ShouldStartWith("DnsPodLabels:k8s-app: \"\" is not a label value");
    }

    [Fact]
    public void A_malformed_appsettings_file_is_an_error()
    {
        var result = Load(json: """{ "BaseDomain": """);

        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldHaveSingleItem().ShouldContain(OperatorSettingsLoader.AppSettingsFile);
    }
}
