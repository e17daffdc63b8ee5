namespace KubeContainers.Operator.Configuration;

/// <summary>
/// Ceilings on what one ManagedContainer may ask for. A spec above them is refused with reason InvalidSpec and a
/// message naming the field and the limit. Quantities are Kubernetes quantity strings.
/// </summary>
public sealed record OperatorLimits
{
    public int MaxReplicas { get; init; } = 10;

    public string MaxCpu { get; init; } = "4";

    public string MaxMemory { get; init; } = "8Gi";

    public string MaxEphemeralStorage { get; init; } = "20Gi";

    public int MaxGpu { get; init; } = 1;

    /// <summary>Longest <c>spec.lifetime</c> in seconds (from creation for <c>expiresAt</c>); 0 means no limit.</summary>
    public long MaxLifetimeSeconds { get; init; } = 30L * 24 * 3600;

    public int MaxVolumes { get; init; } = 5;

    public string MaxVolumeSize { get; init; } = "100Gi";

    /// <summary>Entries of <c>env</c> plus <c>secretEnv</c>.</summary>
    public int MaxEnvVars { get; init; } = 100;
}
