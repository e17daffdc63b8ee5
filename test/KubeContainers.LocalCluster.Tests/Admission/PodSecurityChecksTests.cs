using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Admission.PodSecurity;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>The Pod Security Standards checks on pod specs, against upstream's reasons and details.</summary>
public sealed class PodSecurityChecksTests
{
    private const string Restricted = """
        "securityContext": { "runAsNonRoot": true, "seccompProfile": { "type": "RuntimeDefault" } },
        "containers": [ { "name": "app", "image": "nginx", "securityContext": { "allowPrivilegeEscalation": false, "capabilities": { "drop": [ "ALL" ] } } } ]
        """;

    private static string Describe(PodSecurityLevel level, string spec, string metadata = "{}") =>
        PodSecurityChecks.Describe(PodSecurityChecks.Evaluate(level, JsonNode.Parse(metadata)!.AsObject(), JsonNode.Parse("{" + spec + "}")!.AsObject()));

    [Fact]
    public void A_plain_pod_passes_baseline_and_fails_restricted_in_upstreams_order_and_words()
    {
        const string plain = """ "containers": [ { "name": "app", "image": "nginx" } ] """;

        Describe(PodSecurityLevel.Baseline, plain).ShouldBeEmpty();
        Describe(PodSecurityLevel.Privileged, plain).ShouldBeEmpty();
        Describe(PodSecurityLevel.Restricted, plain).ShouldBe(
            "allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true), " +
            "seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    }

    [Fact]
    public void A_restricted_style_pod_passes_every_level()
    {
        Describe(PodSecurityLevel.Restricted, Restricted).ShouldBeEmpty();
        Describe(PodSecurityLevel.Baseline, Restricted).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\"hostNetwork\": true, \"hostPID\": true,", "host namespaces (hostNetwork, hostPID)")]
    [InlineData("\"volumes\": [ { \"name\": \"root\", \"hostPath\": { \"path\": \"/\" } } ],", "hostPath volumes (volume \"root\")")]
    [InlineData("\"securityContext\": { \"sysctls\": [ { \"name\": \"kernel.msgmax\", \"value\": \"1\" }, { \"name\": \"net.ipv4.tcp_syncookies\", \"value\": \"1\" } ] },", "forbidden sysctls (kernel.msgmax)")]
    [InlineData("\"securityContext\": { \"seccompProfile\": { \"type\": \"Unconfined\" } },", "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")")]
    [InlineData("\"securityContext\": { \"seLinuxOptions\": { \"type\": \"spc_t\" } },", "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\")")]
    [InlineData("\"securityContext\": { \"appArmorProfile\": { \"type\": \"Unconfined\" } },", "forbidden AppArmor profile (pod must not set AppArmor profile type to \"Unconfined\")")]
    public void Baseline_refuses_pod_level_escapes(string podFields, string expected)
    {
        Describe(PodSecurityLevel.Baseline, podFields + """ "containers": [ { "name": "app", "image": "nginx" } ] """).ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"privileged\": true", "privileged (container \"app\" must not set securityContext.privileged=true)")]
    [InlineData("\"capabilities\": { \"add\": [ \"NET_ADMIN\", \"CHOWN\", \"SYS_ADMIN\" ] }", "non-default capabilities (container \"app\" must not include \"NET_ADMIN\", \"SYS_ADMIN\" in securityContext.capabilities.add)")]
    [InlineData("\"procMount\": \"Unmasked\"", "procMount (container \"app\" must not set securityContext.procMount to \"Unmasked\")")]
    [InlineData("\"seccompProfile\": { \"type\": \"Unconfined\" }", "seccompProfile (container \"app\" must not set securityContext.seccompProfile.type to \"Unconfined\")")]
    [InlineData("\"seLinuxOptions\": { \"user\": \"root\" }", "seLinuxOptions (container \"app\" set forbidden securityContext.seLinuxOptions: user may not be set)")]
    public void Baseline_refuses_container_level_escapes(string securityContext, string expected)
    {
        Describe(PodSecurityLevel.Baseline, $$""" "containers": [ { "name": "app", "image": "nginx", "securityContext": { {{securityContext}} } } ] """).ShouldBe(expected);
    }

    [Fact]
    public void Host_ports_name_every_container_and_port()
    {
        Describe(PodSecurityLevel.Baseline, """
            "initContainers": [ { "name": "init", "image": "busybox", "ports": [ { "containerPort": 53, "hostPort": 53 } ] } ],
            "containers": [ { "name": "app", "image": "nginx", "ports": [ { "containerPort": 80, "hostPort": 8080 }, { "containerPort": 81 } ] } ]
            """).ShouldBe("hostPort (containers \"init\", \"app\" use hostPorts 53, 8080)");
    }

    [Fact]
    public void Apparmor_annotations_are_checked_too()
    {
        Describe(PodSecurityLevel.Baseline, """ "containers": [ { "name": "app", "image": "nginx" } ] """,
                """{ "annotations": { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" } }""")
            .ShouldBe("forbidden AppArmor profile (annotation must not set AppArmor profile type to \"container.apparmor.security.beta.kubernetes.io/app=\\\"unconfined\\\"\")");
    }

    [Fact]
    public void Restricted_names_restricted_volumes_root_users_and_extra_capabilities()
    {
        var spec = """
            "securityContext": { "runAsNonRoot": true, "runAsUser": 0, "seccompProfile": { "type": "Localhost", "localhostProfile": "p.json" } },
            "volumes": [ { "name": "data", "persistentVolumeClaim": { "claimName": "data" } }, { "name": "root", "hostPath": { "path": "/" } }, { "name": "share", "nfs": { "server": "s", "path": "/" } } ],
            "containers": [ { "name": "app", "image": "nginx", "securityContext": { "allowPrivilegeEscalation": false,
              "capabilities": { "drop": [ "ALL" ], "add": [ "NET_BIND_SERVICE", "SYS_TIME" ] } } } ]
            """;

        Describe(PodSecurityLevel.Restricted, spec).ShouldBe(
            "unrestricted capabilities (container \"app\" must not include \"SYS_TIME\" in securityContext.capabilities.add), " +
            "restricted volume types (volumes \"root\", \"share\" use restricted volume types \"hostPath\", \"nfs\"), " +
            "runAsUser=0 (pod must not set runAsUser=0)");

        // At baseline the same pod is refused only for its hostPath volume and its non-default capability.
        Describe(PodSecurityLevel.Baseline, spec).ShouldBe(
            "non-default capabilities (container \"app\" must not include \"SYS_TIME\" in securityContext.capabilities.add), hostPath volumes (volume \"root\")");
    }

    [Fact]
    public void Explicit_false_run_as_non_root_names_the_setters()
    {
        Describe(PodSecurityLevel.Restricted, Restricted.Replace("\"runAsNonRoot\": true", "\"runAsNonRoot\": false", StringComparison.Ordinal))
            .ShouldBe("runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)");
    }
}
