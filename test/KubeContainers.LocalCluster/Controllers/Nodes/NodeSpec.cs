namespace KubeContainers.LocalCluster.Controllers.Nodes;

/// <summary>
/// One simulated node. <paramref name="Taints"/> use kubectl's syntax: <c>key=value:NoSchedule</c> or <c>key:NoExecute</c>.
/// Capacity equals allocatable. <paramref name="RuntimeHandlers"/> are the CRI handlers the node's containerd runs and
/// the kubelet reports (<c>status.runtimeHandlers</c>); null means <see cref="StandardRuntimeHandlers"/> (runc only, as
/// on kind, k3s, EKS or GKE). <paramref name="UnreportedRuntimeHandlers"/> run too but are not reported, as on
/// Kubernetes 1.30 (the apiserver drops the field) or with a runtime that does not report them; an empty
/// <paramref name="RuntimeHandlers"/> leaves <c>status.runtimeHandlers</c> out, as 1.30 does. A pod whose
/// RuntimeClass names a handler the node does not run stays Pending with <c>FailedCreatePodSandBox</c>.
/// </summary>
public sealed record NodeSpec(
    string Name,
    string Arch = "amd64",
    string Cpu = "8",
    string Memory = "32Gi",
    int Gpus = 0,
    int Pods = 110,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyList<string>? Taints = null,
    IReadOnlyList<NodeRuntimeHandler>? RuntimeHandlers = null,
    IReadOnlyList<string>? UnreportedRuntimeHandlers = null)
{
    public const string KataLabel = "katacontainers.io/kata-runtime";

    /// <summary>
    /// The annotation that carries <see cref="UnreportedRuntimeHandlers"/> (comma list) on the Node, so the simulated
    /// kubelet knows them whether the node was seeded or applied with kubectl. The local cluster's own, no upstream one.
    /// </summary>
    public const string UnreportedRuntimeHandlersAnnotation = "localcluster.kubecontainers.io/unreported-runtime-handlers";

    /// <summary>What a stock node runs: containerd's default handler, runc, listed as <c>""</c> and as <c>runc</c>.</summary>
    public static IReadOnlyList<NodeRuntimeHandler> StandardRuntimeHandlers { get; } = [NodeRuntimeHandler.Default, NodeRuntimeHandler.Runc];

    /// <summary>The standard handlers plus gVisor's <c>runsc</c>, as on a GKE Sandbox pool or a node with gVisor installed.</summary>
    public static IReadOnlyList<NodeRuntimeHandler> GVisorRuntimeHandlers { get; } = [.. StandardRuntimeHandlers, NodeRuntimeHandler.Runsc];

    /// <summary>The standard handlers plus Kata's <c>kata-qemu</c> and <c>kata-fc</c>, as on a node kata-deploy labelled.</summary>
    public static IReadOnlyList<NodeRuntimeHandler> KataRuntimeHandlers { get; } =
        [.. StandardRuntimeHandlers, NodeRuntimeHandler.KataQemu, NodeRuntimeHandler.KataFc];

    /// <summary>
    /// Three nodes that run only runc, as a stock cluster's: two linux/amd64 (one with 2 GPUs) and one linux/arm64.
    /// Sandboxed pods need a config with a sandbox pool (<see cref="LocalClusterConfig"/>).
    /// </summary>
    public static IReadOnlyList<NodeSpec> Defaults { get; } =
    [
        new("node-1"),
        new("node-2", Gpus: 2),
        new("node-3", Arch: "arm64"),
    ];
}
