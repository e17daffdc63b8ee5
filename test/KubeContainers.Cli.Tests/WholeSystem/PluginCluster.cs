
namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary>The operator whole-system cluster (local cluster, CRD, the real operator as its ServiceAccount) with
/// <c>kubectl mc</c> against it as the cluster admin.</summary>
public sealed class PluginCluster : OperatorCluster
{
    public KubectlMc Mc => new(Cluster.KubeconfigPath);
}
