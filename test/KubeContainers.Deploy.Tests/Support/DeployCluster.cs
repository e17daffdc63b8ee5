using KubeContainers.LocalCluster;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>
/// The local cluster for installing KubeContainers into, with kubectl and helm talking to it directly: it serves the
/// RBAC kinds the chart and config/ create, and reads the protobuf helm's release storage sends.
/// </summary>
public sealed class DeployCluster : IAsyncLifetime
{
    private LocalCluster.LocalCluster? cluster;

    public Kubectl Kubectl => new(Cluster.KubeconfigPath);

    internal Helm Helm => new(Cluster.KubeconfigPath);

    private LocalCluster.LocalCluster Cluster => cluster ?? throw new InvalidOperationException("cluster not started");

    public async ValueTask InitializeAsync() =>
        cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Creates a fresh namespace (kubectl create sends it in protobuf).</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync($"create namespace {name}")).ShouldSucceed();
        return name;
    }
}
