namespace KubeContainers.LocalCluster.Admission;

/// <summary>The admission chain, in the order the apiserver would run it.</summary>
internal static class AdmissionPlugins
{
    public static IReadOnlyList<IAdmissionPlugin> Create(LocalClusterOptions options) =>
    [
        new NamespaceLifecycle(),
    ];
}
