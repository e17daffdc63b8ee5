using System.Text.Json.Nodes;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary><c>kubectl kustomize</c> (the kustomize built into kubectl) of a folder of config/.</summary>
internal static class Kustomize
{
    private static readonly string Kubectl = Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl";

    public static async Task<IReadOnlyList<JsonObject>> BuildAsync(string folder)
    {
        var result = (await ProcessRunner.RunAsync(Kubectl, ["kustomize", RepoPaths.File(folder)], "kubectl must be on PATH"))
            .ShouldSucceed($"kubectl kustomize {folder}");
        return Manifests.Parse(result.Stdout);
    }
}
