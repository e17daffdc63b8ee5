using System.CommandLine;

namespace KubeContainers.Cli;

/// <summary>kubectl's own connection flags, accepted by every command (kubectl passes them to a plugin untouched).</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Kubeconfig = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)",
        Recursive = true,
    };

    public static readonly Option<string?> Context = new("--context")
    {
        Description = "The kubeconfig context to use",
        Recursive = true,
    };

    public static readonly Option<string?> Namespace = new("--namespace", "-n")
    {
        Description = "The namespace (default: the context's namespace, then default)",
        Recursive = true,
    };

    public static IEnumerable<Option> All => [Kubeconfig, Context, Namespace];
}
