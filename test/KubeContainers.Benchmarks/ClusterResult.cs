namespace KubeContainers.Benchmarks;

/// <summary>
/// The local cluster itself with the large set in it (issue 2: "holds 10,000 ManagedContainers and their ~50,000
/// children in memory and serves them quickly"): what it stores, the memory of the benchmark process that hosts it,
/// how long lists take over HTTP, and its write ceiling at that size. The "cluster" section of results.json.
/// </summary>
internal sealed class ClusterResult
{
    public int Containers { get; set; }

    /// <summary>Stored objects by resource (storage key), and their sum.</summary>
    public SortedDictionary<string, int> Objects { get; set; } = new(StringComparer.Ordinal);

    public int ObjectsTotal { get; set; }

    /// <summary>The stored JSON of the current objects, and how many older revisions the watch history keeps.</summary>
    public double StoredJsonMib { get; set; }

    public int WatchHistoryChanges { get; set; }

    /// <summary>The benchmark process (the local cluster, its controllers, and the harness's small client): managed heap
    /// after a full blocking collection, and VmRSS.</summary>
    public double ManagedHeapMib { get; set; }

    public double RssMib { get; set; }

    /// <summary>GET of every ManagedContainer (all namespaces) over HTTP: median time to the last byte, and the body size.</summary>
    public double ListAllContainersMs { get; set; }

    public double ListAllContainersMib { get; set; }

    /// <summary>GET of every pod (all namespaces) over HTTP, and of one namespace's pods (with a label selector, as an informer's relist).</summary>
    public double ListAllPodsMs { get; set; }

    public double ListNamespacePodsMs { get; set; }

    /// <summary>GET of one ManagedContainer by name.</summary>
    public double GetOneContainerMs { get; set; }

    /// <summary>ConfigMap creates per second (16 in parallel, as the ceiling) with the large set stored.</summary>
    public double WritesPerSecond { get; set; }

    /// <summary>CPU seconds of the benchmark process (cluster and controllers) per container in the large convergence,
    /// and the store's revisions (every write of the operator, the controllers and the harness) per container.</summary>
    public double ControlPlaneCpuMsPerContainer { get; set; }

    public double StoreWritesPerContainer { get; set; }
}
