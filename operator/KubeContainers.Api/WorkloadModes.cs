namespace KubeContainers.Api;

/// <summary>Values of <c>spec.mode</c>.</summary>
public static class WorkloadModes
{
    /// <summary>A Deployment that keeps running.</summary>
    public const string Persistent = "persistent";

    /// <summary>A Job that runs to completion.</summary>
    public const string OneShot = "oneShot";
}
