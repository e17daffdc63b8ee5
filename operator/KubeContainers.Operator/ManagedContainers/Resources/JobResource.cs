using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The Job of a oneShot ManagedContainer; none in persistent mode.</summary>
public static class JobResource
{
    public static V1Job? Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var spec = container.Spec;
        if (spec.Mode != WorkloadModes.OneShot)
        {
            return null;
        }

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = ChildMetadata.For(container, Names.Workload(container.Metadata.Name)),
            Spec = new V1JobSpec
            {
                // One run, no retries: the status reports the run's own exit code as Succeeded or Failed.
                BackoffLimit = 0,
                // replicas 0 is the oneShot way of saying "not now"; a suspended Job keeps its spec and runs no pod.
                Suspend = WorkloadState.IsSuspended(input) || spec.Replicas == 0,
                Template = PodTemplateResource.Make(input, PodTemplateResource.RestartNever),
            },
        };
    }
}
