using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using KubeContainers.Api;
using KubeContainers.LocalCluster;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.Operator.Tests.Support;
using KubeContainers.Testing;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>
/// One fault scenario's world: its own local cluster (faults are cluster-wide), the CRD, a namespace with a fleet of
/// <see cref="Fleet"/> ManagedContainers, and the real operator process(es) it starts, kills and restarts.
/// </summary>
internal sealed class ReliabilityCluster : IAsyncDisposable
{
    /// <summary>ManagedContainers per scenario.</summary>
    public const int Fleet = 10;

    public static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private readonly List<OperatorProcess> operators = [];

    private ReliabilityCluster(LocalCluster.LocalCluster cluster, string ns, OperatorIdentity identity)
    {
        Cluster = cluster;
        Namespace = ns;
        Identity = identity;
        Client = new Kubernetes(cluster.ClientConfiguration());
    }

    public LocalCluster.LocalCluster Cluster { get; }

    public LocalCluster.Faults.FaultInjector Faults => Cluster.Faults;

    public string Namespace { get; }

    /// <summary>The operator's ServiceAccount and the chart's RBAC: every operator process runs as it.</summary>
    public OperatorIdentity Identity { get; }

    public IKubernetes Client { get; }

    public Kubectl Kubectl => new(Cluster.KubeconfigPath);

    /// <summary>The desired image of every container the test has applied (what must end up deployed).</summary>
    public Dictionary<string, string> Desired { get; } = new(StringComparer.Ordinal);

    /// <summary>How many spec writes the test made (creations and changes).</summary>
    public int Changes { get; private set; }

    /// <summary>kubectl applies refused by an injected fault and repeated.</summary>
    public int ApplyRetries { get; private set; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A cluster with the CRD, the operator's identity (its leader-election Role in
    /// <paramref name="leaseNamespace"/>, the release namespace when null) and a namespace for the test.</summary>
    public static async Task<ReliabilityCluster> StartAsync(string prefix, string? leaseNamespace = null)
    {
        // The operator's default sandbox is gVisor: nodes that run it, as in the whole-system tests.
        var cluster = await LocalCluster.LocalCluster.StartAsync(LocalClusterConfig.Load(OperatorCluster.GVisorPool, new LocalClusterOptions
        {
            PodReadyDelay = TimeSpan.FromMilliseconds(100),
            BookmarkInterval = TimeSpan.FromSeconds(1),
        }), Ct);
        var kubectl = new Kubectl(cluster.KubeconfigPath);
        (await kubectl.RunAsync($"apply -f {RepoPaths.File("crds")}")).ShouldSucceed();
        (await kubectl.RunAsync($"wait --for=condition=Established crd --all --timeout=30s")).ShouldSucceed();
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await kubectl.RunAsync("apply -f -", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n")).ShouldSucceed();
        var identity = await OperatorIdentity.InstallAsync(cluster.KubeconfigPath, leaderElection: true, leaseNamespace);
        return new ReliabilityCluster(cluster, ns, identity);
    }

    public static string Name(int i) => $"app-{i}";

    /// <summary>Starts one operator process with the whole-system test settings (3 s resync, 4 workers).</summary>
    public OperatorProcess StartOperator(params string[] extraFlags)
    {
        var process = OperatorProcess.Start(
            Identity.Kubeconfig,
            ["--base-domain", "apps.example.test", "--resync-seconds", "3", "--workers", "4", .. extraFlags],
            new Dictionary<string, string>
            {
                ["KUBECONTAINERS_SANDBOXES__GVISOR__HANDLER"] = "runsc",
                ["KUBECONTAINERS_SANDBOXES__NONE__HANDLER"] = "",
            });
        operators.Add(process);
        return process;
    }

    /// <summary>Stops and forgets a process (already killed or terminated, or killed now).</summary>
    public async Task RemoveAsync(OperatorProcess process)
    {
        operators.Remove(process);
        await process.DisposeAsync();
    }

    /// <summary>The fault counters so far, for the results file.</summary>
    public JsonObject FaultCounters() => new()
    {
        ["injected409"] = Faults.Injected409,
        ["injected500"] = Faults.Injected500,
        ["injected429"] = Faults.Injected429,
        ["watchesClosed"] = Faults.WatchesClosed,
    };

    /// <summary>Applies <paramref name="images"/> (name → image) with kubectl, as a user would, repeating the whole
    /// apply while an injected fault refuses it (apply is idempotent): a refused write is not a lost change.</summary>
    public async Task ApplyAsync(IReadOnlyDictionary<string, string> images)
    {
        var manifest = string.Join("---\n", images.Select(kv => KubeContainers.WholeSystem.ManagedContainers.Manifest(kv.Key, $"  image: {kv.Value}\n  port: 8080\n")));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var result = await Kubectl.RunAsync($"apply -n {Namespace} -f -", manifest);
            if (result.ExitCode == 0)
            {
                break;
            }

            if (deadline.Elapsed > Converge)
            {
                result.ShouldSucceed();
            }

            ApplyRetries++;
        }

        foreach (var (name, image) in images)
        {
            Desired[name] = image;
        }

        Changes += images.Count;
    }

    /// <summary>Applies containers <paramref name="from"/> .. <paramref name="from"/>+<paramref name="count"/>-1 at <paramref name="image"/>.</summary>
    public Task ApplyAsync(int from, int count, string image) =>
        ApplyAsync(Enumerable.Range(from, count).ToDictionary(Name, _ => image));

    /// <summary>Waits for <see cref="ConvergenceCheck"/> on <see cref="Desired"/>; returns how long it took.</summary>
    public Task<TimeSpan> ConvergeAsync(string what, TimeSpan? within = null) =>
        ConvergenceCheck.WaitAsync(Client, Namespace, Desired, what, within ?? Converge, Diagnostics);

    /// <summary>Takes the final snapshot, asserts it converged with nothing lost, duplicated or orphaned, and
    /// writes the scenario's figures (with the fault counters) to the results file.</summary>
    public async Task RecordAsync(ReliabilityResults.Scenario scenario)
    {
        var final = await ConvergenceCheck.SnapshotAsync(Client, Namespace, Desired);
        final.Converged.ShouldBeTrue(final.ToString());
        final.Lost.ShouldBe(0);
        scenario.Final = final;
        scenario.Changes = Changes;
        foreach (var (key, value) in FaultCounters())
        {
            if (!scenario.Faults.ContainsKey(key))
            {
                scenario.Faults[key] = value?.DeepClone();
            }
        }

        scenario.Details["kubectlAppliesRepeated"] = ApplyRetries;
        await ReliabilityResults.RecordAsync(scenario);
    }

    /// <summary>Completes when the store records a change matching <paramref name="match"/> (seen in-process, at
    /// once, without going through the API or its injected latency).</summary>
    public async Task<WatchEvent> NextChangeAsync(Func<WatchEvent, bool> match, string what, TimeSpan within)
    {
        using var subscription = Cluster.Store.Subscribe((string?)null, Cluster.Store.Revision);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(within);
        try
        {
            await foreach (var change in subscription.Events.ReadAllAsync(deadline.Token))
            {
                if (change.Object.Namespace == Namespace && match(change))
                {
                    return change;
                }
            }
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"no {what} within {within.TotalSeconds}s\n{Diagnostics()}");
    }

    /// <summary>The kinds of the given container's objects in the store now (for the record of a kill point).</summary>
    public IReadOnlyList<string> ChildrenOf(string name)
    {
        var kinds = new List<string>();
        foreach (var (kind, type) in new[]
                 {
                     ("NetworkPolicy", BuiltinResources.NetworkPolicies), ("Service", BuiltinResources.Services),
                     ("Deployment", BuiltinResources.Deployments), ("Ingress", BuiltinResources.Ingresses),
                 })
        {
            if (Cluster.Store.Get(type.StorageKey, Namespace, name) is not null)
            {
                kinds.Add(kind);
            }
        }

        if (Cluster.Store.Get(ContainersKey, Namespace, name)?.ToJsonObject()["status"]?["observedGeneration"] is not null)
        {
            kinds.Add("status");
        }

        return kinds;
    }

    public const string ContainersKey = V1Alpha1ManagedContainer.KubePluralName + "." + V1Alpha1ManagedContainer.KubeGroup;

    /// <summary>True when a stored change is the first status write of a ManagedContainer.</summary>
    public static bool IsFirstStatusWrite(WatchEvent change) =>
        change.StorageKey == ContainersKey
        && change.Object.ToJsonObject()["status"]?["observedGeneration"] is not null
        && change.Previous?.ToJsonObject()["status"]?["observedGeneration"] is null;

    public static bool IsCreated(WatchEvent change, ResourceType type) =>
        change.StorageKey == type.StorageKey && change.Type == WatchEvent.Added;

    /// <summary>The sum of a series on the operator's /metrics over the label sets containing every one of
    /// <paramref name="labels"/> (written <c>code="409"</c>).</summary>
    public static async Task<double> MetricAsync(OperatorProcess process, string name, params string[] labels)
    {
        // Retried: on a loaded machine one scrape can time out.
        var text = await Eventually.Returns(
            async () =>
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                try
                {
                    return await http.GetStringAsync(new Uri($"http://127.0.0.1:{process.MetricsPort}/metrics"), Ct);
                }
                catch (TaskCanceledException e) when (!Ct.IsCancellationRequested)
                {
                    throw new TimeoutException("the scrape timed out", e);
                }
            },
            _ => true,
            "the operator's /metrics",
            Converge);
        return text.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Answers the operator got from the API server with one of these HTTP status codes (each 429 retry counts).</summary>
    public static async Task<double> AnswersAsync(OperatorProcess process, params int[] codes)
    {
        var total = 0.0;
        foreach (var code in codes)
        {
            total += await MetricAsync(process, "rest_client_requests_total", $"code=\"{code}\"");
        }

        return total;
    }

    /// <summary>Every operator's last output lines, for failure messages.</summary>
    public string Diagnostics() =>
        string.Join("\n", operators.Select((o, i) => $"--- operator {i} (pid exited: {o.HasExited}) ---\n{o.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in operators)
        {
            await process.DisposeAsync();
        }

        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
