using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>apps/v1 ReplicaSet defaults (replicas 1, the template's pod spec) and selector validation.</summary>
internal sealed class ReplicaSetAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.ReplicaSets || request.Subresource is not null)
        {
            return;
        }

        var spec = request.Object.Child("spec");
        spec["replicas"] ??= 1;
        if (spec.ObjectAt("template")?.ObjectAt("spec") is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec, forPod: false);
        }

        var errors = WorkloadValidation.SelectorAndTemplate(spec, "replicaset", ["Always"])
            .Concat(WorkloadValidation.NonNegative(spec, "replicas", "minReadySeconds"))
            .ToList();
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
