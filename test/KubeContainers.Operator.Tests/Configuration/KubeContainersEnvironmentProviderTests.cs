using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.Tests.Configuration;

public sealed class KubeContainersEnvironmentProviderTests
{
    [Theory]
    [InlineData("BASEDOMAIN", "BaseDomain")]
    [InlineData("BASE_DOMAIN", "BaseDomain")]
    [InlineData("basedomain", "BaseDomain")]
    [InlineData("MAX_REPLICAS", "Limits:MaxReplicas")]
    [InlineData("LIMITS__MAXREPLICAS", "Limits:MaxReplicas")]
    [InlineData("LIMITS__MAX_REPLICAS", "Limits:MaxReplicas")]
    [InlineData("MAX_EPHEMERAL_STORAGE", "Limits:MaxEphemeralStorage")]
    [InlineData("LEADER_ELECTION_NAMESPACE", "LeaderElectionNamespace")]
    [InlineData("ALLOWED_DOMAINS__0", "AllowedDomains:0")]
    [InlineData("KUBECONFIG", "Kubeconfig")]
    [InlineData("SANDBOXES__KATA_FC__HANDLER", "Sandboxes:kata-fc:Handler")]
    [InlineData("SANDBOXES__KATA__NODE_SELECTOR__katacontainers.io/kata-runtime", "Sandboxes:kata:NodeSelector:katacontainers.io/kata-runtime")]
    [InlineData("SANDBOXES__KATA__OVERHEAD__MEMORY", "Sandboxes:kata:Overhead:memory")]
    [InlineData("SANDBOXES__KATA__TOLERATIONS__1", "Sandboxes:kata:Tolerations:1")]
    [InlineData("DNS_POD_LABELS__k8s-app", "DnsPodLabels:k8s-app")]
    [InlineData("LOGGING__LOGLEVEL__DEFAULT", "LOGGING:LOGLEVEL:DEFAULT")]
    public void Both_spellings_map_to_the_configuration_key(string variable, string key)
    {
        KubeContainersEnvironmentProvider.KeyFor(variable).ShouldBe(key);
    }

    [Fact]
    public void Only_prefixed_variables_are_read_and_the_prefix_is_case_insensitive()
    {
        var provider = new KubeContainersEnvironmentProvider(new Dictionary<string, string?>
        {
            ["KUBECONTAINERS_WORKERS"] = "3",
            ["kubecontainers_qps"] = "9",
            ["WORKERS"] = "5",
            ["PATH"] = "/usr/bin",
        });
        provider.Load();

        provider.TryGet("Workers", out var workers).ShouldBeTrue();
        workers.ShouldBe("3");
        provider.TryGet("Qps", out var qps).ShouldBeTrue();
        qps.ShouldBe("9");
        provider.GetChildKeys([], null).Distinct().Order().ShouldBe(["Qps", "Workers"]);
    }
}
