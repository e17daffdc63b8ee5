using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The Deployment of a persistent ManagedContainer; none in oneShot mode.</summary>
public static class DeploymentResource
{
    public const int RevisionHistoryLimit = 10;

    public static V1Deployment? Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var spec = container.Spec;
        if (spec.Mode == WorkloadModes.OneShot)
        {
            return null;
        }

        var name = Names.Workload(container.Metadata.Name);
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ChildMetadata.For(container, name),
            Spec = new V1DeploymentSpec
            {
                // Stopped or expired keeps the Deployment (and so its configuration and history) at zero replicas.
                Replicas = WorkloadState.IsSuspended(input) ? 0 : spec.Replicas ?? ManagedContainerDefaults.Replicas,
                Selector = new V1LabelSelector { MatchLabels = Labels.Selector(container.Metadata.Name) },
                RevisionHistoryLimit = RevisionHistoryLimit,
                ProgressDeadlineSeconds = spec.Rollout?.ProgressDeadlineSeconds ?? ManagedContainerDefaults.ProgressDeadlineSeconds,
                Strategy = Strategy(spec),
                Template = PodTemplateResource.Make(input, PodTemplateResource.RestartAlways),
            },
        };
    }

    /// <summary>
    /// Rolling with one extra replica and none unavailable: the old version keeps serving until the new one is
    /// ready, and a version that never gets ready leaves the old one in place for the rollback. With volumes the
    /// claims are ReadWriteOnce, so a surge pod scheduled on another node could never attach them and the rollout
    /// would stall until the deadline: those containers are replaced (Recreate) instead.
    /// </summary>
    private static V1DeploymentStrategy Strategy(ManagedContainerSpec spec) =>
        spec.Volumes is { Count: > 0 }
            ? new V1DeploymentStrategy { Type = "Recreate" }
            : new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
            };
}
