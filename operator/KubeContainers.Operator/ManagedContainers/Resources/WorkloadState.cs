namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>Facts about the workload that the Deployment and the Job agree on.</summary>
public static class WorkloadState
{
    /// <summary>
    /// No replica runs. The reconciler folds stopped and expired into <see cref="BuildInput.Suspended"/>;
    /// <c>spec.stopped</c> is read here too, so a stopped container can never run whatever the caller passed.
    /// </summary>
    public static bool IsSuspended(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Suspended || input.Container.Spec.Stopped == true;
    }
}
