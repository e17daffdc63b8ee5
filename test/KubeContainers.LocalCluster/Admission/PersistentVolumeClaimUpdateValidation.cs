using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// ValidatePersistentVolumeClaimUpdate (pkg/apis/core/validation) with the 1.31 default feature gates
/// (RecoverVolumeExpansionFailure and VolumeAttributesClass off): the spec is immutable after creation except
/// volumeName (set once, by the binder), a storageClassName set where none was, and resources.requests.storage of a
/// bound claim; the request never shrinks; volumeMode is immutable. Upstream appends a cmp.Diff of the two specs to
/// the immutability message; that diff is left out here.
/// </summary>
internal static class PersistentVolumeClaimUpdateValidation
{
    private const string BetaClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    public static List<FieldError> Validate(JsonObject claim, JsonObject old)
    {
        var errors = new List<FieldError>();
        var newSpec = (claim.ObjectAt("spec") ?? []).DeepClone().AsObject();
        var oldSpec = (old.ObjectAt("spec") ?? []).DeepClone().AsObject();
        if (oldSpec.Str("volumeName") is not { Length: > 0 })
        {
            // The binder may set volumeName once.
            Copy(newSpec, oldSpec, "volumeName");
        }

        var oldAnnotations = old.Metadata().StringMap("annotations");
        if (oldSpec["storageClassName"] is null && newSpec.Str("storageClassName") is { } newClass
            && (!oldAnnotations.TryGetValue(BetaClassAnnotation, out var annotated) || annotated == newClass))
        {
            // A class may be set on a claim that had none (or only the beta annotation naming the same class).
            Copy(oldSpec, newSpec, "storageClassName");
        }

        // The status is the stored one (a main-resource write cannot change it): only a bound claim may resize.
        if (claim.ObjectAt("status").Str("phase") == "Bound" && newSpec.ObjectAt("resources")?["requests"] is JsonObject newRequests)
        {
            newRequests["storage"] = oldSpec.ObjectAt("resources")?.ObjectAt("requests")?["storage"]?.DeepClone();
            if (newRequests["storage"] is null)
            {
                newRequests.Remove("storage");
            }
        }

        Copy(oldSpec, newSpec, "volumeAttributesClassName");
        if (!JsonNode.DeepEquals(newSpec, oldSpec))
        {
            errors.Add(new FieldError("spec", "FieldValueForbidden",
                "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
        }

        var oldSize = Quantity.Of(old.ObjectAt("spec")?.ObjectAt("resources")?.ObjectAt("requests")?["storage"]) ?? 0;
        var newSize = Quantity.Of(claim.ObjectAt("spec")?.ObjectAt("resources")?.ObjectAt("requests")?["storage"]) ?? 0;
        if (newSize < oldSize)
        {
            errors.Add(new FieldError("spec.resources.requests.storage", "FieldValueForbidden", "Forbidden: field can not be less than previous value"));
        }

        var newMode = claim.ObjectAt("spec").Str("volumeMode");
        if (newMode != old.ObjectAt("spec").Str("volumeMode"))
        {
            // Upstream names the field without its "spec." prefix.
            errors.Add(new FieldError("volumeMode", "FieldValueInvalid", $"Invalid value: {(newMode is null ? "null" : GoFormat.Quote(newMode))}: field is immutable"));
        }

        if (!JsonNode.DeepEquals(claim.ObjectAt("spec")?["volumeAttributesClassName"], old.ObjectAt("spec")?["volumeAttributesClassName"]))
        {
            errors.Add(new FieldError("spec.volumeAttributesClassName", "FieldValueForbidden",
                "Forbidden: update is forbidden when the VolumeAttributesClass feature gate is disabled"));
        }

        return errors;
    }

    private static void Copy(JsonObject from, JsonObject to, string field)
    {
        to[field] = from[field]?.DeepClone();
        if (to[field] is null)
        {
            to.Remove(field);
        }
    }
}
