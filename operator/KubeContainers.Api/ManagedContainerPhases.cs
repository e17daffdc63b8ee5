namespace KubeContainers.Api;

/// <summary>Values of <c>status.phase</c>.</summary>
public static class ManagedContainerPhases
{
    /// <summary>Accepted, nothing running yet (children being created, claims binding, or the spec is invalid).</summary>
    public const string Pending = "Pending";

    /// <summary>A version is rolling out and not every replica is ready.</summary>
    public const string Deploying = "Deploying";

    /// <summary>Every replica of the current version is ready.</summary>
    public const string Running = "Running";

    /// <summary>spec.stopped is true: no replica runs; configuration, Service, URL and volumes are kept.</summary>
    public const string Stopped = "Stopped";

    /// <summary>A terminal failure (Stalled=True): a rollout missed its deadline, a oneShot Job failed.</summary>
    public const string Failed = "Failed";

    /// <summary>A oneShot container whose Job completed.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>spec.lifetime ran out with onExpiry stop: scaled to zero, everything kept.</summary>
    public const string Expired = "Expired";

    /// <summary>Being deleted; the children go with it (retained claims stay).</summary>
    public const string Deleting = "Deleting";
}
