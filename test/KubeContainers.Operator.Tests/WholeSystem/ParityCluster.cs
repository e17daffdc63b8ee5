using k8s;
using KubeContainers.Api;
using KubeContainers.LocalCluster;
using KubeContainers.LocalCluster.Tests.Support;
using KubeContainers.Operator.Tests.Support;
using KubeContainers.Testing;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The local cluster shaped like the clusters people really run, with the real operator against it: no node reports
/// its runtime handlers (Kubernetes 1.30 drops <c>status.runtimeHandlers</c>; some runtimes never fill it), and a
/// kubelet that reports none runs only the default handler, so no gVisor; no IngressClass <c>nginx</c> (the
/// operator's default class). Tests that need pods to run use <c>sandbox: none</c>.
/// </summary>
public sealed class ParityCluster : IAsyncLifetime
{
    private readonly DirectoryInfo kubectlCache = Directory.CreateTempSubdirectory("kubecontainers-kubectl-cache-");
    private LocalCluster.LocalCluster? cluster;
    private OperatorProcess? operatorProcess;

    public LocalCluster.LocalCluster Cluster => cluster ?? throw new InvalidOperationException("cluster not started");

    public Kubectl Kubectl => new(Cluster.KubeconfigPath, kubectlCache.FullName);

    internal OperatorProcess Operator => operatorProcess ?? throw new InvalidOperationException("operator not started");

    public IKubernetes Client() => new Kubernetes(Cluster.ClientConfiguration());

    public async ValueTask InitializeAsync()
    {
        cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(100),
            BookmarkInterval = TimeSpan.FromSeconds(1),
        });
        (await Kubectl.RunAsync($"apply -f {RepoPaths.File("crds/kubecontainers.io_managedcontainers.yaml")}")).ShouldSucceed();
        (await Kubectl.RunAsync($"wait --for=condition=Established crd/{V1Alpha1ManagedContainer.CrdName} --timeout=30s")).ShouldSucceed();
        using var client = Client();
        foreach (var node in (await client.CoreV1.ListNodeAsync()).Items)
        {
            await client.CoreV1.PatchNodeStatusAsync(
                new k8s.Models.V1Patch("""[{"op":"remove","path":"/status/runtimeHandlers"}]""", k8s.Models.V1Patch.PatchType.JsonPatch),
                node.Metadata.Name);
        }

        (await Kubectl.RunAsync("delete ingressclass nginx")).ShouldSucceed();
        // As everywhere: the operator runs as its ServiceAccount with the chart's RBAC, so a refusal it reports is
        // the cluster's, never a permission the chart lacks.
        var identity = await OperatorIdentity.InstallAsync(Cluster.KubeconfigPath);
        operatorProcess = OperatorProcess.Start(
            identity.Kubeconfig,
            ["--base-domain", "apps.example.test", "--resync-seconds", "3", "--workers", "4"],
            new Dictionary<string, string>
            {
                ["KUBECONTAINERS_SANDBOXES__GVISOR__HANDLER"] = "runsc",
                ["KUBECONTAINERS_SANDBOXES__NONE__HANDLER"] = "",
            });
    }

    public async ValueTask DisposeAsync()
    {
        if (operatorProcess is not null)
        {
            await operatorProcess.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        kubectlCache.Delete(recursive: true);
    }

    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n")).ShouldSucceed();
        return name;
    }
}
