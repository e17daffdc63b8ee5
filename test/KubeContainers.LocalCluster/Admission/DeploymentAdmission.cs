using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>apps/v1 Deployment defaults (SetDefaults_Deployment) and the validation clients trip over.</summary>
internal sealed class DeploymentAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Deployments || request.Subresource is not null)
        {
            return;
        }

        var spec = request.Object.Child("spec");
        spec["replicas"] ??= 1;
        spec["revisionHistoryLimit"] ??= 10;
        spec["progressDeadlineSeconds"] ??= 600;
        var strategy = spec.Child("strategy");
        strategy["type"] ??= "RollingUpdate";
        if (strategy.Str("type") == "RollingUpdate")
        {
            var rolling = strategy.Child("rollingUpdate");
            rolling["maxUnavailable"] ??= "25%";
            rolling["maxSurge"] ??= "25%";
        }

        if (spec.ObjectAt("template")?.ObjectAt("spec") is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec, forPod: false);
        }

        var errors = WorkloadValidation.SelectorAndTemplate(spec, "deployment", ["Always"])
            .Concat(WorkloadValidation.NonNegative(spec, "replicas", "revisionHistoryLimit", "minReadySeconds"))
            .ToList();
        if (spec.Long("progressDeadlineSeconds") is { } deadline && deadline <= spec.Long("minReadySeconds").GetValueOrDefault())
        {
            errors.Add(new FieldError("spec.progressDeadlineSeconds", "FieldValueInvalid",
                $"Invalid value: {deadline}: must be greater than minReadySeconds"));
        }

        if (request.OldObject?.ObjectAt("spec") is { } oldSpec)
        {
            errors.AddRange(WorkloadValidation.ImmutableSelector(spec, oldSpec));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), errors);
        }
    }
}
