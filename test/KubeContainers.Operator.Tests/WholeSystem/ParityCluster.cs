using k8s;
using KubeContainers.LocalCluster;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The local cluster shaped like the clusters people really run, with the real operator against it: no node reports
/// its runtime handlers (Kubernetes 1.30 drops <c>status.runtimeHandlers</c>; some runtimes never fill it), and a
/// kubelet that reports none runs only the default handler, so no gVisor; no IngressClass <c>nginx</c> (the
/// operator's default class). Tests that need pods to run use <c>sandbox: none</c>.
/// </summary>
public sealed class ParityCluster : OperatorCluster
{
    /// <summary>The default shape: a stock kind cluster, nodes that run only runc.</summary>
    protected override LocalClusterOptions Options(LocalClusterOptions defaults) => defaults;

    protected override async Task ShapeAsync()
    {
        using var client = Client();
        foreach (var node in (await client.CoreV1.ListNodeAsync()).Items)
        {
            await client.CoreV1.PatchNodeStatusAsync(
                new k8s.Models.V1Patch("""[{"op":"remove","path":"/status/runtimeHandlers"}]""", k8s.Models.V1Patch.PatchType.JsonPatch),
                node.Metadata.Name);
        }

        (await Kubectl.RunAsync("delete ingressclass nginx")).ShouldSucceed();
    }
}
