using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// batch/v1 Job defaults (SetDefaults_Job), the generated selector (the job strategy's PrepareForCreate) and the
/// update rules: selector, completions, completionMode and the pod template are immutable, except that a
/// suspended Job that never started may change its template's labels, annotations and scheduling directives.
/// </summary>
internal sealed class JobAdmission : IAdmissionPlugin
{
    private const string ControllerUid = "batch.kubernetes.io/controller-uid";
    private const string JobName = "batch.kubernetes.io/job-name";
    private static readonly string[] MutableWhenSuspended = ["nodeSelector", "tolerations", "affinity", "schedulingGates"];

    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Jobs || request.Subresource is not null)
        {
            return;
        }

        var job = request.Object;
        var spec = job.Child("spec");
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
        }

        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        if (spec["podFailurePolicy"] is null)
        {
            spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
        }

        var template = spec.Child("template");
        if (template.ObjectAt("spec") is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec, forPod: false);
        }

        if (request.IsCreate && spec.Bool("manualSelector") != true)
        {
            GenerateSelector(job, spec, template);
        }

        if (job.Metadata()["labels"] is not JsonObject { Count: > 0 } && template.ObjectAt("metadata")?["labels"] is JsonObject templateLabels)
        {
            job.Metadata()["labels"] = templateLabels.DeepClone();
        }

        var errors = WorkloadValidation.SelectorAndTemplate(spec, "job", ["OnFailure", "Never"])
            .Concat(WorkloadValidation.NonNegative(spec, "parallelism", "completions", "backoffLimit"))
            .ToList();
        if (request.OldObject?.ObjectAt("spec") is { } oldSpec)
        {
            errors.AddRange(WorkloadValidation.ImmutableSelector(spec, oldSpec));
            errors.AddRange(Immutable(spec, oldSpec, "completions", "completionMode"));
            errors.AddRange(ImmutableTemplate(spec, oldSpec, request.OldObject));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, job.Name(), errors);
        }
    }

    private static void GenerateSelector(JsonObject job, JsonObject spec, JsonObject template)
    {
        var uid = job.Uid();
        var selector = spec.Child("selector");
        selector.Child("matchLabels")[ControllerUid] ??= uid;
        var labels = template.Child("metadata").Child("labels");
        labels[ControllerUid] ??= uid;
        labels[JobName] ??= job.Name();
        labels["controller-uid"] ??= uid;
        labels["job-name"] ??= job.Name();
    }

    private static IEnumerable<FieldError> Immutable(JsonObject spec, JsonObject oldSpec, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (!JsonFields.SameContent(spec[field], oldSpec[field]))
            {
                yield return new FieldError($"spec.{field}", "FieldValueInvalid",
                    $"Invalid value: {spec[field]?.ToJsonString() ?? "null"}: field is immutable");
            }
        }
    }

    private static IEnumerable<FieldError> ImmutableTemplate(JsonObject spec, JsonObject oldSpec, JsonObject oldJob)
    {
        var template = spec["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        var oldTemplate = oldSpec["template"]?.DeepClone() as JsonObject ?? new JsonObject();
        if (oldSpec.Bool("suspend") == true && oldJob.ObjectAt("status")?["startTime"] is null)
        {
            var meta = template.Child("metadata");
            var oldMeta = oldTemplate.Child("metadata");
            foreach (var field in new[] { "labels", "annotations" })
            {
                CopyField(meta, oldMeta, field);
            }

            var podSpec = template.Child("spec");
            var oldPodSpec = oldTemplate.Child("spec");
            foreach (var field in MutableWhenSuspended)
            {
                CopyField(podSpec, oldPodSpec, field);
            }
        }

        if (!JsonFields.SameContent(template, oldTemplate))
        {
            yield return new FieldError("spec.template", "FieldValueInvalid",
                "Invalid value: core.PodTemplateSpec{...}: field is immutable");
        }
    }

    private static void CopyField(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value)
        {
            to[field] = value.DeepClone();
        }
        else
        {
            to.Remove(field);
        }
    }
}
