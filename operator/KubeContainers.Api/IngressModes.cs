namespace KubeContainers.Api;

/// <summary>Values of <c>spec.networking.ingress</c>.</summary>
public static class IngressModes
{
    /// <summary>An Ingress and a public URL.</summary>
    public const string Public = "public";

    /// <summary>A Service only, reachable from the same namespace.</summary>
    public const string Private = "private";

    /// <summary>No inbound traffic.</summary>
    public const string None = "none";
}
