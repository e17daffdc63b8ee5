namespace KubeContainers.LocalCluster;

/// <summary>How a local cluster starts. Every setting has a default that suits tests.</summary>
public sealed class LocalClusterOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where to write the kubeconfig; a temporary file when null.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>How many changes the store keeps for watches resuming from a resourceVersion; older ones get 410 Gone.</summary>
    public int WatchHistory { get; init; } = 200_000;

    /// <summary>How often an idle watch that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run the simulated controllers (deployments, pods, jobs, services, garbage collection...).</summary>
    public bool EnableControllers { get; init; } = true;

    /// <summary>How long a default pod takes from scheduled to Running and Ready.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
