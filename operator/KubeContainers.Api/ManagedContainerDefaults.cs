namespace KubeContainers.Api;

/// <summary>
/// The defaults of the API. Those that do not depend on other fields are also schema defaults (the apiserver
/// fills them in, so stored objects show them); the conditional ones are only here, for the operator to apply.
/// </summary>
public static class ManagedContainerDefaults
{
    public const int Replicas = 1;

    public const string Mode = WorkloadModes.Persistent;

    public const string Egress = EgressModes.None;

    public const string HealthCheckPath = "/health";

    public const int HealthCheckPeriodSeconds = 10;

    public const int HealthCheckTimeoutSeconds = 1;

    public const int HealthCheckFailureThreshold = 3;

    public const int HealthCheckInitialDelaySeconds = 0;

    public const int ProgressDeadlineSeconds = 600;

    public const bool AutoRollback = true;

    public const string OnExpiry = ExpiryActions.Stop;

    public const bool Stopped = false;

    public const bool RetainVolume = false;

    /// <summary>At most 100 plain environment variables.</summary>
    public const int MaxEnvVars = 100;

    /// <summary>Environment values up to 32 KiB.</summary>
    public const int MaxEnvValueLength = 32 * 1024;

    /// <summary>
    /// The ingress in force: the one asked for, else <c>public</c> with an HTTP port (a web app), <c>private</c>
    /// with only other ports (a database, say: reachable from its namespace, never published by default) and
    /// <c>none</c> without a port (a worker). Not a schema default because it depends on the ports.
    /// </summary>
    public static string EffectiveIngress(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Networking?.Ingress
            ?? (ManagedContainerPorts.Http(spec) is not null ? IngressModes.Public
                : ManagedContainerPorts.All(spec).Count > 0 ? IngressModes.Private
                : IngressModes.None);
    }

    /// <summary>
    /// The health check in force: the one asked for, else a TCP check of the HTTP port, or of the first TCP port
    /// without one (as Knative does: any server that listens passes, without assuming an HTTP health endpoint);
    /// none with only UDP ports or no port.
    /// </summary>
    public static HealthCheckSpec? EffectiveHealthCheck(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.HealthCheck is { } asked)
        {
            return asked;
        }

        return ManagedContainerPorts.Probed(spec) is null ? null : new HealthCheckSpec { Type = HealthCheckTypes.Tcp };
    }

    /// <summary>The kind of a check: the type asked for, else http when a path is set, else tcp.</summary>
    public static string EffectiveHealthCheckType(HealthCheckSpec check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Type ?? (check.Path is null ? HealthCheckTypes.Tcp : HealthCheckTypes.Http);
    }
}
