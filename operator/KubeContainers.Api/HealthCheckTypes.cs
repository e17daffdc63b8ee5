namespace KubeContainers.Api;

/// <summary>The kinds of <c>spec.healthCheck.type</c>, one per Kubernetes probe handler, plus none.</summary>
public static class HealthCheckTypes
{
    /// <summary>An HTTP GET of a path; a 2xx or 3xx answer is healthy.</summary>
    public const string Http = "http";

    /// <summary>A TCP connection to the port; healthy when it opens.</summary>
    public const string Tcp = "tcp";

    /// <summary>A command run inside the container; healthy when it exits 0.</summary>
    public const string Exec = "exec";

    /// <summary>The gRPC health checking protocol on the port; healthy when it answers SERVING.</summary>
    public const string Grpc = "grpc";

    /// <summary>No probe at all: the replica is ready as soon as it runs.</summary>
    public const string None = "none";
}
