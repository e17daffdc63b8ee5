namespace KubeContainers.LocalCluster.Controllers.Storage;

/// <summary>
/// A StorageClass seeded at start, served by the simulated provisioner. The default is kind's and k3s's
/// <c>local-path</c>: <c>WaitForFirstConsumer</c> (a claim stays Pending until a pod using it is scheduled) and no
/// <c>allowVolumeExpansion</c> (a bigger request is refused).
/// </summary>
public sealed record StorageClassSpec(
    string Name,
    string Provisioner = "rancher.io/local-path",
    string VolumeBindingMode = StorageClassSpec.WaitForFirstConsumer,
    bool AllowVolumeExpansion = false,
    bool IsDefault = false,
    string ReclaimPolicy = "Delete")
{
    public const string WaitForFirstConsumer = "WaitForFirstConsumer";

    public const string Immediate = "Immediate";

    /// <summary>kind's default class: <c>standard</c>, rancher.io/local-path, WaitForFirstConsumer, no expansion.</summary>
    public static IReadOnlyList<StorageClassSpec> KindDefaults { get; } = [new("standard", IsDefault: true)];
}
