using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>The checks Deployments, ReplicaSets and Jobs share, worded as apps/batch validation words them.</summary>
internal static class WorkloadValidation
{
    /// <summary>spec.selector present, not empty, matching spec.template.metadata.labels; the template's restartPolicy allowed.</summary>
    public static IEnumerable<FieldError> SelectorAndTemplate(JsonObject spec, string kindForEmpty, IReadOnlyList<string> restartPolicies)
    {
        var selector = spec["selector"] as JsonObject;
        if (selector is null)
        {
            yield return new FieldError("spec.selector", "FieldValueRequired", "Required value");
        }
        else if (selector.StringMap("matchLabels").Count == 0 && !selector.Objects("matchExpressions").Any())
        {
            yield return new FieldError("spec.selector", "FieldValueInvalid",
                $"Invalid value: {GoFormat.LabelSelector(selector)}: empty selector is invalid for {kindForEmpty}");
        }
        else
        {
            var labels = spec.ObjectAt("template")?.ObjectAt("metadata").StringMap("labels") ?? [];
            if (!LabelSelectors.Matches(selector, labels))
            {
                yield return new FieldError("spec.template.metadata.labels", "FieldValueInvalid",
                    $"Invalid value: {GoFormat.StringMap(labels)}: `selector` does not match template `labels`");
            }
        }

        var restartPolicy = spec.ObjectAt("template")?.ObjectAt("spec").Str("restartPolicy") ?? "Always";
        if (!restartPolicies.Contains(restartPolicy, StringComparer.Ordinal))
        {
            yield return new FieldError("spec.template.spec.restartPolicy", "FieldValueNotSupported",
                $"Unsupported value: {GoFormat.Quote(restartPolicy)}: supported values: {string.Join(", ", restartPolicies.Select(GoFormat.Quote))}");
        }

        if (spec.ObjectAt("template")?.ObjectAt("spec") is not { } podSpec || !podSpec.Objects("containers").Any())
        {
            yield return new FieldError("spec.template.spec.containers", "FieldValueRequired", "Required value");
        }

        var template = spec.ObjectAt("template")?.ObjectAt("spec");
        foreach (var error in ContainerPortValidation.Validate(template, "spec.template.spec").Concat(PodVolumeValidation.Errors(template, "spec.template.spec")))
        {
            yield return error;
        }
    }

    /// <summary>spec.selector may not change once set (apps/v1, batch/v1).</summary>
    public static IEnumerable<FieldError> ImmutableSelector(JsonObject spec, JsonObject oldSpec)
    {
        if (!JsonFields.SameContent(spec["selector"], oldSpec["selector"]))
        {
            yield return new FieldError("spec.selector", "FieldValueInvalid",
                $"Invalid value: {GoFormat.LabelSelector(spec["selector"] as JsonObject)}: field is immutable");
        }
    }

    /// <summary>Replicas, revisionHistoryLimit and the like may not be negative.</summary>
    public static IEnumerable<FieldError> NonNegative(JsonObject spec, params string[] fields)
    {
        foreach (var field in fields)
        {
            if (spec.Long(field) is long value && value < 0)
            {
                yield return new FieldError($"spec.{field}", "FieldValueInvalid",
                    $"Invalid value: {value}: must be greater than or equal to 0");
            }
        }
    }
}
