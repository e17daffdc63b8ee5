namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// One simulated node. <paramref name="Taints"/> use kubectl's syntax: <c>key=value:NoSchedule</c> or <c>key:NoExecute</c>.
/// Capacity equals allocatable. <paramref name="RuntimeHandlers"/> are the CRI handlers the node's containerd runs
/// (<c>status.runtimeHandlers</c>); null means <see cref="StandardRuntimeHandlers"/>. A pod whose RuntimeClass names a
/// handler the node lacks stays Pending with <c>FailedCreatePodSandBox</c>.
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
    IReadOnlyList<NodeRuntimeHandler>? RuntimeHandlers = null)
{
    public const string KataLabel = "katacontainers.io/kata-runtime";

    /// <summary>What every node runs unless told otherwise: the default handler (runc, also as <c>runc</c>) and gVisor's <c>runsc</c>.</summary>
    public static IReadOnlyList<NodeRuntimeHandler> StandardRuntimeHandlers { get; } =
        [NodeRuntimeHandler.Default, NodeRuntimeHandler.Runc, NodeRuntimeHandler.Runsc];

    /// <summary>The standard handlers plus Kata's <c>kata-qemu</c> and <c>kata-fc</c>, as on a node kata-deploy labelled.</summary>
    public static IReadOnlyList<NodeRuntimeHandler> KataRuntimeHandlers { get; } =
        [.. StandardRuntimeHandlers, NodeRuntimeHandler.KataQemu, NodeRuntimeHandler.KataFc];

    public static IReadOnlyList<NodeSpec> Defaults { get; } =
    [
        new("node-1", Labels: new Dictionary<string, string> { [KataLabel] = "true" }, RuntimeHandlers: KataRuntimeHandlers),
        new("node-2", Gpus: 2),
        new("node-3", Arch: "arm64"),
    ];
}
