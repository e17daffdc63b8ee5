namespace KubeContainers.Api;

/// <summary>Values of <c>spec.lifetime.onExpiry</c>.</summary>
public static class ExpiryActions
{
    /// <summary>Scale to zero and keep everything.</summary>
    public const string Stop = "stop";

    /// <summary>Delete the ManagedContainer.</summary>
    public const string Delete = "delete";
}
