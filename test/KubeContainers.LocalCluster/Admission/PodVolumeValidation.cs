using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// What core validation (ValidatePodSpec: validateVolumes, validateVolumeMounts, validateLocalDescendingPath) refuses
/// of a pod's volumes and mounts, worded as it words it: a volume name used twice, a mount naming no volume, two mounts
/// of one container at the same mountPath (compared as written, as upstream does), and a subPath that is absolute or
/// climbs with '..'. Other volume source rules are not checked.
/// </summary>
internal static class PodVolumeValidation
{
    /// <param name="podSpec">The pod's spec or a template's.</param>
    /// <param name="path">Its field path: <c>spec</c> or <c>spec.template.spec</c>.</param>
    public static IEnumerable<FieldError> Errors(JsonObject? podSpec, string path)
    {
        if (podSpec is null)
        {
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var volumes = podSpec.Objects("volumes").ToList();
        for (var i = 0; i < volumes.Count; i++)
        {
            var name = volumes[i].Str("name") ?? "";
            if (name.Length > 0 && !names.Add(name))
            {
                yield return new FieldError($"{path}.volumes[{i}].name", "FieldValueDuplicate", $"Duplicate value: {GoFormat.Quote(name)}");
            }
        }

        foreach (var (field, containers) in new[] { ("initContainers", podSpec.Objects("initContainers").ToList()), ("containers", podSpec.Objects("containers").ToList()) })
        {
            for (var c = 0; c < containers.Count; c++)
            {
                foreach (var error in Mounts(containers[c].Objects("volumeMounts").ToList(), names, $"{path}.{field}[{c}].volumeMounts"))
                {
                    yield return error;
                }
            }
        }
    }

    private static IEnumerable<FieldError> Mounts(List<JsonObject> mounts, HashSet<string> volumes, string path)
    {
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mounts.Count; i++)
        {
            var at = $"{path}[{i}]";
            var name = mounts[i].Str("name") ?? "";
            if (name.Length > 0 && !volumes.Contains(name))
            {
                yield return new FieldError(at + ".name", "FieldValueNotFound", $"Not found: {GoFormat.Quote(name)}");
            }

            var mountPath = mounts[i].Str("mountPath") ?? "";
            if (mountPath.Length > 0 && !mountPoints.Add(mountPath))
            {
                yield return new FieldError(at + ".mountPath", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(mountPath)}: must be unique");
            }

            if (mounts[i].Str("subPath") is { Length: > 0 } subPath)
            {
                if (subPath.StartsWith('/'))
                {
                    yield return new FieldError(at + ".subPath", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(subPath)}: must be a relative path");
                }

                if (subPath.Split('/').Contains(".."))
                {
                    yield return new FieldError(at + ".subPath", "FieldValueInvalid", $"Invalid value: {GoFormat.Quote(subPath)}: must not contain '..'");
                }
            }
        }
    }
}
