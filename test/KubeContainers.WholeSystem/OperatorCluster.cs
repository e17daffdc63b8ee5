using k8s;
using KubeContainers.Api;
using KubeContainers.LocalCluster;
using KubeContainers.Testing;

namespace KubeContainers.WholeSystem;

/// <summary>
/// The local cluster with the ManagedContainer CRD installed and the real operator process running against it,
/// shared by the whole-system tests of a class; each test works in its own namespace. Other cluster shapes derive
/// from it (ParityCluster in the operator tests) and change only the shape.
/// </summary>
public class OperatorCluster : IAsyncLifetime
{
    /// <summary>A sandbox profile whose handler no node runs, to see SandboxUnavailable.</summary>
    public const string BrokenSandbox = "broken";

    /// <summary>The cluster shape of <c>make demo</c>: every node runs gVisor (runsc) beside runc; one has GPUs, one is arm64.</summary>
    public static string GVisorPool => RepoPaths.File("test/KubeContainers.LocalCluster/configs/gvisor-pool.yaml");

    /// <summary>kubectl's discovery cache is keyed by host and port: one per cluster, so a port reused from an
    /// earlier cluster never shows its API.</summary>
    private readonly DirectoryInfo kubectlCache = Directory.CreateTempSubdirectory("kubecontainers-kubectl-cache-");
    private LocalCluster.LocalCluster? cluster;
    private OperatorProcess? operatorProcess;
    private OperatorIdentity? identity;

    public LocalCluster.LocalCluster Cluster => cluster ?? throw new InvalidOperationException("cluster not started");

    public Kubectl Kubectl => new(Cluster.KubeconfigPath, kubectlCache.FullName);

    public OperatorProcess Operator => operatorProcess ?? throw new InvalidOperationException("operator not started");

    /// <summary>The operator's ServiceAccount with the chart's RBAC, which the operator process runs as.</summary>
    public OperatorIdentity Identity => identity ?? throw new InvalidOperationException("operator identity not installed");

    public IKubernetes Client() => new Kubernetes(Cluster.ClientConfiguration());

    public async ValueTask InitializeAsync()
    {
        cluster = await LocalCluster.LocalCluster.StartAsync(Options(new LocalClusterOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(100),
            BookmarkInterval = TimeSpan.FromSeconds(1),
        }));
        (await Kubectl.RunAsync($"apply -f {RepoPaths.File("crds")}")).ShouldSucceed();
        (await Kubectl.RunAsync($"wait --for=condition=Established crd --all --timeout=30s")).ShouldSucceed();
        await ShapeAsync();
        identity = await OperatorIdentity.InstallAsync(Cluster.KubeconfigPath, LeaderElection, LeaderElection ? OperatorIdentity.Namespace : null);
        operatorProcess = StartOperator();
    }

    /// <summary>The cluster's shape. The operator's default sandbox is gVisor: these tests assume nodes that run it
    /// (a stock cluster's do not).</summary>
    protected virtual LocalClusterOptions Options(LocalClusterOptions defaults) => LocalClusterConfig.Load(GVisorPool, defaults);

    /// <summary>Operator flags a cluster shape adds to the test settings (a setting its tests need on).</summary>
    protected virtual IReadOnlyList<string> ExtraOperatorFlags => [];

    /// <summary>Whether the operator campaigns for its Lease (in <see cref="OperatorIdentity.Namespace"/>, with the
    /// chart's leader-election Role) before it reconciles, as the chart runs it; off by default.</summary>
    protected virtual bool LeaderElection => false;

    /// <summary>Changes made to the running cluster, as its admin, before the operator starts.</summary>
    protected virtual Task ShapeAsync() => Task.CompletedTask;

    /// <summary>Starts the operator as its ServiceAccount with the test settings: short resync, a TLS-less base domain,
    /// gVisor, Kata, none and a broken profile.</summary>
    public OperatorProcess StartOperator() => OperatorProcess.Start(
        Identity.Kubeconfig,
        ["--base-domain", "apps.example.test", "--resync-seconds", "3", "--workers", "4",
            .. (LeaderElection ? ["--leader-election", "--leader-election-namespace", OperatorIdentity.Namespace, "--leader-election-id", OperatorIdentity.LeaseName] : (string[])[]),
            .. ExtraOperatorFlags],
        new Dictionary<string, string>
        {
            ["KUBECONTAINERS_SANDBOXES__GVISOR__HANDLER"] = "runsc",
            ["KUBECONTAINERS_SANDBOXES__NONE__HANDLER"] = "",
            // The built-in kata profile, spelled out because configuring any profile replaces the built-in set.
            ["KUBECONTAINERS_SANDBOXES__KATA__HANDLER"] = "kata-qemu",
            ["KUBECONTAINERS_SANDBOXES__KATA__OVERHEAD__CPU"] = "250m",
            ["KUBECONTAINERS_SANDBOXES__KATA__OVERHEAD__MEMORY"] = "160Mi",
            ["KUBECONTAINERS_SANDBOXES__KATA__NODESELECTOR__katacontainers.io/kata-runtime"] = "true",
            [$"KUBECONTAINERS_SANDBOXES__{BrokenSandbox.ToUpperInvariant()}__HANDLER"] = "made-up",
        });

    /// <summary>Replaces the running operator (after a test killed it, say).</summary>
    public async Task RestartOperatorAsync()
    {
        await Operator.DisposeAsync();
        operatorProcess = StartOperator();
    }

    public async ValueTask DisposeAsync()
    {
        if (operatorProcess is not null)
        {
            await operatorProcess.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        kubectlCache.Delete(recursive: true);
    }

    /// <summary>Creates a fresh namespace for one test.</summary>
    /// <summary>Applies a ManagedContainer with kubectl, as a user does; <paramref name="spec"/> is the YAML body of
    /// spec, indented by two.</summary>
    public async Task ApplyAsync(string ns, string name, string spec) =>
        (await Kubectl.RunAsync($"apply -n {ns} -f -", ManagedContainers.Manifest(name, spec))).ShouldSucceed();

    /// <summary>Waits until the ManagedContainer is Ready; a timeout reports its phase and Ready's reason and message.</summary>
    public async Task<V1Alpha1ManagedContainer> WaitReadyAsync(string ns, string name, TimeSpan? within = null)
    {
        using var client = Client();
        var seen = await Eventually.Returns(async () => new ObservedContainer(await client.GetAsync(ns, name)), o => o.Mc?.Status.IsReady() == true,
            $"{ns}/{name} Ready", within ?? TimeSpan.FromSeconds(90));
        return seen.Mc!;
    }

    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n")).ShouldSucceed();
        return name;
    }
}
