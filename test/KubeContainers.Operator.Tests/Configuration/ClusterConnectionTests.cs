using k8s;
using k8s.Exceptions;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.Tests.Configuration;

public sealed class ClusterConnectionTests
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: a
        clusters:
        - name: a
          cluster: { server: "http://127.0.0.1:6001" }
        - name: b
          cluster: { server: "http://127.0.0.1:6002" }
        users:
        - name: u
          user: { token: t }
        contexts:
        - name: a
          context: { cluster: a, user: u }
        - name: b
          context: { cluster: b, user: u }
        """;

    [Fact]
    public void Neither_file_nor_context_leaves_the_choice_to_the_runtime()
    {
        new ClusterConnection().BuildClientConfiguration().ShouldBeNull();
    }

    [Fact]
    public void The_file_and_context_choose_the_server()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, Kubeconfig);

            new ClusterConnection(path).BuildClientConfiguration()!.Host.ShouldStartWith("http://127.0.0.1:6001");
            new ClusterConnection(path, "b").BuildClientConfiguration()!.Host.ShouldStartWith("http://127.0.0.1:6002");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_file_reads_as_KubernetesClient_reads_it()
    {
        // Merge keys, unknown fields, a bool and a namespace: what the operator's own reader must take as the library's did.
        const string config = """
            apiVersion: v1
            kind: Config
            current-context: dev
            future-field: ignored
            clusters:
            - name: c
              cluster: &c { server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true, unknown: 1 }
            users:
            - name: u
              user: { token: secret-token }
            contexts:
            - name: dev
              context: { cluster: c, user: u, namespace: team-a }
            """;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, config);

            var ours = new ClusterConnection(path).BuildClientConfiguration()!;
            var theirs = KubernetesClientConfiguration.BuildConfigFromConfigFile(path);
            (ours.Host, ours.AccessToken, ours.SkipTlsVerify, ours.Namespace, ours.CurrentContext)
                .ShouldBe((theirs.Host, theirs.AccessToken, theirs.SkipTlsVerify, theirs.Namespace, theirs.CurrentContext));
            ours.AccessToken.ShouldBe("secret-token");
            ours.Namespace.ShouldBe("team-a");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_fails_as_the_library_fails()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.kubeconfig");
        Should.Throw<KubeConfigException>(() => new ClusterConnection(missing).BuildClientConfiguration());
    }
}
