namespace KubeContainers.Runtime.Events;

/// <summary>The two Event types Kubernetes defines.</summary>
public static class EventTypes
{
    public const string Normal = "Normal";

    public const string Warning = "Warning";
}
