namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// One simulated node. <paramref name="Taints"/> use kubectl's syntax: <c>key=value:NoSchedule</c> or <c>key:NoExecute</c>.
/// Capacity equals allocatable.
/// </summary>
public sealed record NodeSpec(
    string Name,
    string Arch = "amd64",
    string Cpu = "8",
    string Memory = "32Gi",
    int Gpus = 0,
    int Pods = 110,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyList<string>? Taints = null)
{
    public const string KataLabel = "katacontainers.io/kata-runtime";

    public static IReadOnlyList<NodeSpec> Defaults { get; } =
    [
        new("node-1", Labels: new Dictionary<string, string> { [KataLabel] = "true" }),
        new("node-2", Gpus: 2),
        new("node-3", Arch: "arm64"),
    ];
}
