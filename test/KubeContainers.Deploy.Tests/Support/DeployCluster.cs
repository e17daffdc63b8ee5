using KubeContainers.LocalCluster;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>
/// The local cluster for installing KubeContainers into: kubectl talks to it directly, helm through
/// <see cref="JsonOnlyProxy"/>. Two gaps of the local cluster are bridged here, for these tests only:
/// it does not serve <c>rbac.authorization.k8s.io</c> (see its README's list of built-in kinds), so the four RBAC
/// kinds are registered as plain stored kinds (nothing is authorized there anyway); and it reads no protobuf,
/// which helm's release storage sends.
/// </summary>
public sealed class DeployCluster : IAsyncLifetime
{
    private const string Rbac = "rbac.authorization.k8s.io";

    private LocalCluster.LocalCluster? cluster;
    private JsonOnlyProxy? proxy;
    private string? helmKubeconfig;

    public Kubectl Kubectl => new(Cluster.KubeconfigPath);

    internal Helm Helm => new(helmKubeconfig ?? throw new InvalidOperationException("cluster not started"));

    private LocalCluster.LocalCluster Cluster => cluster ?? throw new InvalidOperationException("cluster not started");

    public async ValueTask InitializeAsync()
    {
        cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var registry = cluster.Api.Registry;
        registry.SetCustom(Rbac, "clusterroles", [new ResourceType(Rbac, "v1", "ClusterRole", "clusterroles", "clusterrole", false)]);
        registry.SetCustom(Rbac, "clusterrolebindings", [new ResourceType(Rbac, "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false)]);
        registry.SetCustom(Rbac, "roles", [new ResourceType(Rbac, "v1", "Role", "roles", "role", true)]);
        registry.SetCustom(Rbac, "rolebindings", [new ResourceType(Rbac, "v1", "RoleBinding", "rolebindings", "rolebinding", true)]);

        proxy = await JsonOnlyProxy.StartAsync(cluster.Url);
        helmKubeconfig = Path.Combine(Path.GetTempPath(), $"kubecontainers-helm-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(helmKubeconfig, LocalCluster.Server.Kubeconfig.Render(proxy.Url));
    }

    public async ValueTask DisposeAsync()
    {
        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (helmKubeconfig is not null)
        {
            File.Delete(helmKubeconfig);
        }
    }

    /// <summary>Creates a fresh namespace (kubectl apply: the local cluster refuses kubectl create's protobuf).</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n")).ShouldSucceed();
        return name;
    }
}
