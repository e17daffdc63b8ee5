using System.Diagnostics;
using System.Text.Json.Nodes;

namespace KubeContainers.Testing;

/// <summary>
/// Installs the operator's identity as a real installation has it: the ServiceAccount and RBAC objects the Helm chart
/// renders (helm template, nothing hand-written), then a token for that ServiceAccount from the TokenRequest API
/// (<c>kubectl create token</c>) and a kubeconfig that carries it. The operator started with <see cref="Kubeconfig"/>
/// can do exactly what the chart grants, on a cluster that enforces RBAC. Linked as source into the test projects
/// and the benchmarks, which share no other project.
/// </summary>
public sealed class OperatorIdentity
{
    public const string Namespace = "kubecontainers-system";

    /// <summary>The Helm release name the chart is rendered with: its objects are called <c>kc-kubecontainers</c>.</summary>
    public const string Release = "kc";

    public const string ServiceAccount = "kc-kubecontainers";

    /// <summary>The Lease the chart's leader-election Role grants (and the chart passes as --leader-election-id): named
    /// after the release. An operator started with this identity and leader election must pass it too.</summary>
    public const string LeaseName = "kc-kubecontainers";

    private OperatorIdentity(string kubeconfig) => Kubeconfig = kubeconfig;

    /// <summary>The user the API server sees the operator as.</summary>
    public static string UserName => $"system:serviceaccount:{Namespace}:{ServiceAccount}";

    /// <summary>A kubeconfig for the operator's ServiceAccount, written beside the admin one.</summary>
    public string Kubeconfig { get; }

    /// <summary>
    /// Renders the chart's ServiceAccount and RBAC (with its leader-election Role in <paramref name="leaseNamespace"/>
    /// when <paramref name="leaderElection"/>), applies them as the cluster admin, and asks for a day-long token.
    /// </summary>
    public static async Task<OperatorIdentity> InstallAsync(string adminKubeconfig, bool leaderElection = false, string? leaseNamespace = null)
    {
        var root = RepositoryRoot();
        List<string> helm = ["template", Release, Path.Combine(root, "charts", "kubecontainers"), "-n", Namespace,
            "--show-only", "templates/serviceaccount.yaml", "--show-only", "templates/rbac.yaml"];
        if (leaderElection)
        {
            helm.AddRange(["--set", "leaderElection.enabled=true"]);
            if (leaseNamespace is not null)
            {
                helm.AddRange(["--set", $"leaderElection.namespace={leaseNamespace}"]);
            }
        }

        var rendered = await RunAsync(Path.Combine(root, ".tools", "helm"), helm, null);
        var namespaces = string.Join("", new[] { Namespace, leaseNamespace }.OfType<string>().Distinct()
            .Select(ns => $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n---\n"));
        await RunAsync("kubectl", ["--kubeconfig", adminKubeconfig, "apply", "-f", "-"], namespaces + rendered);
        var token = (await RunAsync("kubectl", ["--kubeconfig", adminKubeconfig, "create", "token", ServiceAccount, "-n", Namespace, "--duration", "24h"], null)).Trim();

        var config = JsonNode.Parse(await File.ReadAllTextAsync(adminKubeconfig))!.AsObject();
        foreach (var user in config["users"]!.AsArray())
        {
            user!["user"] = new JsonObject { ["token"] = token };
        }

        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(adminKubeconfig))!, $"operator-{Guid.NewGuid():N}.kubeconfig");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        return new OperatorIdentity(path);
    }

    private static async Task<string> RunAsync(string file, IEnumerable<string> args, string? stdin)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }

    /// <summary>The directory holding KubeContainers.sln, found from the test binaries upwards.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KubeContainers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("KubeContainers.sln not found above " + AppContext.BaseDirectory);
    }
}
