using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>
/// The helm that <c>make tools</c> installs into <c>.tools/helm</c> (from the npm package named in ENVIRONMENT.md),
/// with its cache, config and data in a folder of its own so tests never read or write the user's helm setup.
/// </summary>
internal sealed class Helm(string? kubeconfig = null)
{
    public const string ChartPath = "charts/kubecontainers";

    public static string Binary => IsolatedHelm.Binary;

    public Task<ProcessRunner.Result> RunAsync(params string[] arguments) => RunAsync(arguments, TimeSpan.FromMinutes(3));

    public Task<ProcessRunner.Result> RunAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        IsolatedHelm.RunAsync(arguments, timeout, kubeconfig);

    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<JsonObject>>>> Rendered = new(StringComparer.Ordinal);

    /// <summary><c>helm template</c> of the chart (CRDs included) as objects; <paramref name="flags"/> are helm's
    /// (<c>--set=replicaCount=2</c>, <c>--set-json=...</c>). Renders are shared between tests (read them, never
    /// change them): many tests look at the same render.</summary>
    public static Task<IReadOnlyList<JsonObject>> TemplateAsync(params string[] flags) =>
        Rendered.GetOrAdd(string.Join('\n', flags), _ => new Lazy<Task<IReadOnlyList<JsonObject>>>(async () =>
        {
            var result = (await TryTemplateAsync(flags)).ShouldSucceed("helm template");
            return Manifests.Parse(result.Stdout);
        })).Value;

    public static Task<ProcessRunner.Result> TryTemplateAsync(params string[] flags) =>
        new Helm().RunAsync(["template", "kc", ChartPath, "--namespace", Namespace, "--include-crds", .. flags]);

    public const string Namespace = "kubecontainers-system";
}
