namespace KubeContainers.Api;

/// <summary>Values of <c>status.phase</c>.</summary>
public static class ManagedContainerPhases
{
    public const string Pending = "Pending";

    public const string Deploying = "Deploying";

    public const string Running = "Running";

    public const string Stopped = "Stopped";

    public const string Failed = "Failed";

    /// <summary>A oneShot container whose Job completed.</summary>
    public const string Succeeded = "Succeeded";

    public const string Expired = "Expired";

    public const string Deleting = "Deleting";
}
