using k8s;

namespace KubeContainers.Operator.Configuration;

/// <summary>Where the API server is: <c>--kubeconfig FILE</c> and <c>--context NAME</c>. Both unset means in-cluster
/// configuration or the default kubeconfig (<c>KUBECONFIG</c>, <c>~/.kube/config</c>).</summary>
public sealed record ClusterConnection(string? Kubeconfig = null, string? Context = null)
{
    /// <summary>The client configuration for the chosen file and context; null when neither is set, so the runtime
    /// falls back to its default.</summary>
    public KubernetesClientConfiguration? BuildClientConfiguration() => Kubeconfig is null && Context is null
        ? null
        : KubernetesClientConfiguration.BuildConfigFromConfigObject(
            KubeconfigFile.Load(Kubeconfig ?? KubernetesClientConfiguration.KubeConfigDefaultLocation), currentContext: Context);
}
