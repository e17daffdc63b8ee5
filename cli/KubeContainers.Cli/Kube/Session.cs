using System.CommandLine;
using k8s;
using k8s.KubeConfigModels;

namespace KubeContainers.Cli.Kube;

/// <summary>
/// A client and a namespace chosen as kubectl chooses them: <c>--kubeconfig</c>, else every file of
/// <c>$KUBECONFIG</c> merged, else <c>~/.kube/config</c>; <c>--context</c> or the current context; <c>-n</c>, else the
/// context's namespace, else <c>default</c>.
/// </summary>
internal sealed class Session : IDisposable
{
    private Session(Kubernetes client, string ns)
    {
        Client = client;
        Namespace = ns;
    }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    public ManagedContainerApi Containers => new(Client);

    public static Session Open(ParseResult parse)
    {
        var config = Load(parse.GetValue(GlobalOptions.Kubeconfig));
        var context = parse.GetValue(GlobalOptions.Context);
        if (context is not null && config.Contexts?.Any(c => c.Name == context) != true)
        {
            throw new CliException($"context \"{context}\" does not exist");
        }

        KubernetesClientConfiguration client;
        try
        {
            client = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, context);
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            throw new CliException($"invalid kubeconfig: {e.Message}");
        }

        var ns = parse.GetValue(GlobalOptions.Namespace) ?? client.Namespace ?? "default";
        return new Session(new Kubernetes(client), ns);
    }

    public void Dispose() => Client.Dispose();

    private static K8SConfiguration Load(string? explicitPath)
    {
        if (explicitPath is not null)
        {
            return LoadFiles([explicitPath]);
        }

        var fromEnvironment = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(File.Exists)
            .ToArray();
        if (fromEnvironment.Length > 0)
        {
            return LoadFiles(fromEnvironment);
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home)
            ? LoadFiles([home])
            : throw new CliException("no kubeconfig: set KUBECONFIG or pass --kubeconfig");
    }

    /// <summary>Several files merge as kubectl merges them: the first file to name an entry (or the current
    /// context) wins.</summary>
    private static K8SConfiguration LoadFiles(string[] paths)
    {
        foreach (var path in paths.Where(p => !File.Exists(p)))
        {
            throw new CliException($"stat {path}: no such file or directory");
        }

        var merged = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(paths[0]));
        foreach (var path in paths.Skip(1))
        {
            var next = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));
            merged.CurrentContext ??= next.CurrentContext;
            merged.Contexts = Merge(merged.Contexts, next.Contexts, c => c.Name);
            merged.Clusters = Merge(merged.Clusters, next.Clusters, c => c.Name);
            merged.Users = Merge(merged.Users, next.Users, u => u.Name);
        }

        return merged;
    }

    private static List<T> Merge<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> key) =>
        [.. (first ?? []).Concat(second ?? []).DistinctBy(key)];
}
