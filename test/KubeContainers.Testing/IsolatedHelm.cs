namespace KubeContainers.Testing;

/// <summary>
/// The helm that <c>make tools</c> installs into <c>.tools/helm</c> (from the npm package named in ENVIRONMENT.md),
/// run with its cache, config and data in a folder of the tests' own, so tests never read or write the user's helm
/// setup; without a cluster it must not pick up a kubeconfig from the environment either.
/// </summary>
public static class IsolatedHelm
{
    private static readonly string Home = Directory.CreateTempSubdirectory("kubecontainers-helm-").FullName;

    public static string Binary
    {
        get
        {
            var path = Path.Combine(RepoPaths.Root, ".tools", "helm");
            if (!File.Exists(path))
            {
                throw new ShouldAssertException($"{path} is missing: run `make tools` (it installs helm from the npm registry)");
            }

            return path;
        }
    }

    public static Task<ProcessRunner.Result> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, string? kubeconfig = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(Home, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(Home, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(Home, "data"),
            ["KUBECONFIG"] = kubeconfig ?? Path.Combine(Home, "no-cluster.kubeconfig"),
        };
        return ProcessRunner.RunAsync(Binary, arguments, "run `make tools`", environment, timeout);
    }
}
