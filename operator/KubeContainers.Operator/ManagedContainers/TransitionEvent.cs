namespace KubeContainers.Operator.ManagedContainers;

/// <summary>A Kubernetes Event to record on the ManagedContainer.</summary>
public sealed record TransitionEvent(string Type, string Reason, string Message);
