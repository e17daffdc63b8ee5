using k8s;

namespace KubeContainers.LocalCluster.Tests.Support;

/// <summary>One local cluster shared by the tests of a class; each test works in its own namespace.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _kubectlCache = Directory.CreateTempSubdirectory("kubecontainers-kubectl-cache-");
    private LocalCluster? _cluster;

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("cluster not started");

    /// <summary>kubectl with a discovery cache of its own, so it never sees another cluster's (one that had the same port).</summary>
    public Kubectl Kubectl => new(Cluster.KubeconfigPath, _kubectlCache.FullName);

    public IKubernetes Client() => new Kubernetes(Cluster.ClientConfiguration());

    /// <summary>kubectl with a kubeconfig that authenticates with <paramref name="token"/> (and a discovery cache of its own).</summary>
    public async Task<Kubectl> KubectlWithTokenAsync(string token)
    {
        var kubeconfig = await Cluster.WriteKubeconfigAsync(token);
        return new Kubectl(kubeconfig, Directory.CreateDirectory(Path.Combine(_kubectlCache.FullName, Guid.NewGuid().ToString("N"))).FullName);
    }

    public async ValueTask InitializeAsync() =>
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _kubectlCache.Delete(recursive: true);
    }

    /// <summary>Creates a fresh namespace for one test.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync($"create namespace {name}")).ShouldSucceed();
        return name;
    }
}
