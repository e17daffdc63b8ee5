using KubeContainers.LocalCluster;

namespace KubeContainers.Operator.Tests.Plans;

/// <summary>
/// The local cluster with the CRDs and the shipped plan admission (<c>kubectl apply -k config/plans</c>, the real
/// files), and no operator: what the ValidatingAdmissionPolicy refuses, it refuses on its own. Plans are
/// cluster-scoped, so the tests sharing one name theirs with a suffix and put each namespace on one by label.
/// </summary>
public sealed class PlanAdmissionCluster : IAsyncLifetime
{
    public const string PolicyPrefix = "ValidatingAdmissionPolicy 'kubecontainers-plans' with binding 'kubecontainers-plans' denied request: ";

    private readonly DirectoryInfo kubectlCache = Directory.CreateTempSubdirectory("kubecontainers-kubectl-cache-");
    private LocalCluster.LocalCluster? cluster;

    public Kubectl Kubectl => new((cluster ?? throw new InvalidOperationException("cluster not started")).KubeconfigPath, kubectlCache.FullName);

    public async ValueTask InitializeAsync()
    {
        // Nothing here needs pods: the objects are only admitted and stored.
        cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false });
        (await Kubectl.RunAsync($"apply -f {RepoPaths.File("crds")}")).ShouldSucceed();
        (await Kubectl.RunAsync("wait --for=condition=Established crd --all --timeout=30s")).ShouldSucceed();
        (await Kubectl.RunAsync($"apply -k {RepoPaths.File("config/plans")}")).ShouldSucceed();
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        kubectlCache.Delete(recursive: true);
    }

    /// <summary>Creates (or replaces) the ContainerPlan <paramref name="name"/>; <paramref name="spec"/> is the YAML
    /// body of its spec, indented by two.</summary>
    public async Task PlanAsync(string name, string spec) =>
        (await Kubectl.RunAsync("apply -f -", $"apiVersion: kubecontainers.io/v1alpha1\nkind: ContainerPlan\nmetadata:\n  name: {name}\nspec:\n{spec}")).ShouldSucceed();

    /// <summary>A fresh namespace, on <paramref name="plan"/> by label, or unlabelled (the default plan's) when null.</summary>
    public async Task<string> NamespaceAsync(string prefix, string? plan)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var labels = plan is null ? "" : $"  labels:\n    kubecontainers.io/plan: {plan}\n";
        (await Kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n{labels}")).ShouldSucceed();
        return name;
    }

    /// <summary>kubectl apply of a ManagedContainer, as a user does; <paramref name="spec"/> is the YAML body of spec,
    /// indented by two.</summary>
    public Task<Kubectl.Result> ApplyAsync(string ns, string name, string spec) =>
        Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest(name, spec));

    /// <summary>The line kubectl prints when the policy refuses a create (403: the policy's reason is Forbidden).</summary>
    public static string RefusedCreate(string name, string message) =>
        $"Error from server (Forbidden): error when creating \"STDIN\": managedcontainers.kubecontainers.io \"{name}\" is forbidden: {PolicyPrefix}{message}";

    public static string Suffix() => Guid.NewGuid().ToString("N")[..6];
}
