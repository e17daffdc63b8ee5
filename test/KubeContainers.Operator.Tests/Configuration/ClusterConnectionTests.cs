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
}
