using System.Runtime.CompilerServices;
using k8s;

namespace KubeContainers.Testing;

/// <summary>
/// Runs <c>validate-k8s.mjs</c> (the upstream Kubernetes OpenAPI schema, from the npm package kubernetes-models in
/// <c>.tools/node</c>) over objects. A missing tool fails the test rather than skipping it: a check that quietly
/// stops running is worse than none.
/// </summary>
public static class UpstreamSchema
{
    public static (int ExitCode, string Output) Validate(IEnumerable<object> objects)
    {
        var root = RepoPaths.Root;
        var models = Path.Combine(root, ".tools", "node", "node_modules", "kubernetes-models");
        if (!Directory.Exists(models))
        {
            throw new ShouldAssertException($"{models} is missing: run `make tools` (it installs the kubernetes-models npm package)");
        }

        var script = Path.Combine(root, "test", "KubeContainers.Testing", "validate-k8s.mjs");
        var input = Path.Combine(Path.GetTempPath(), $"kubecontainers-objects-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, KubernetesJson.Serialize(objects.ToList()));
        try
        {
            return RunNode(script, input, models);
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static (int ExitCode, string Output) RunNode(string script, string input, string models)
    {
        var result = ProcessRunner.RunAsync(
            "node", [script, input], "Node.js must be on PATH for the schema check",
            new Dictionary<string, string> { ["KUBERNETES_MODELS_DIR"] = models }).GetAwaiter().GetResult();
        return (result.ExitCode, result.Stdout + result.Stderr);
    }
}
