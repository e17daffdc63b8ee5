using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The RuntimeClass admission plugin on pod create: the named RuntimeClass must exist (403 otherwise, so a
/// ReplicaSet records FailedCreate), its overhead becomes spec.overhead and its scheduling nodeSelector and
/// tolerations are merged into the pod.
/// </summary>
internal sealed class RuntimeClassAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Pods || !request.IsCreate ||
            request.Object.ObjectAt("spec") is not { } spec || spec.Str("runtimeClassName") is not { Length: > 0 } name)
        {
            return;
        }

        // The apiserver admits before it generates names, so a generateName pod is refused under its prefix.
        var generateName = request.Object.Metadata().Str("generateName");
        var podName = generateName is { Length: > 0 } && request.Object.Name().StartsWith(generateName, StringComparison.Ordinal)
            ? generateName
            : request.Object.Name();
        var runtimeClass = request.Api.TryGet(BuiltinResources.RuntimeClasses, null, name)
            ?? throw ApiException.Forbidden(request.Type, podName, $"pod rejected: RuntimeClass \"{name}\" not found");
        if (runtimeClass.ObjectAt("overhead")?.ObjectAt("podFixed") is { } podFixed)
        {
            if (spec["overhead"] is JsonObject overhead && !JsonFields.SameContent(overhead, podFixed))
            {
                throw ApiException.Forbidden(request.Type, podName, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead");
            }

            spec["overhead"] = podFixed.DeepClone();
        }

        if (runtimeClass.ObjectAt("scheduling") is not { } scheduling)
        {
            return;
        }

        var nodeSelector = spec.Child("nodeSelector");
        foreach (var (key, value) in scheduling.StringMap("nodeSelector"))
        {
            if (nodeSelector.Str(key) is { } existing && existing != value)
            {
                throw ApiException.Forbidden(request.Type, podName,
                    $"pod rejected: conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; pod.spec.nodeSelector[{key}] = {existing}");
            }

            nodeSelector[key] = value;
        }

        if (nodeSelector.Count == 0)
        {
            spec.Remove("nodeSelector");
        }

        if (spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }

        foreach (var toleration in scheduling.Objects("tolerations"))
        {
            if (!tolerations.Any(t => JsonFields.SameContent(t, toleration)))
            {
                tolerations.Add(toleration.DeepClone());
            }
        }

        if (tolerations.Count == 0)
        {
            spec.Remove("tolerations");
        }
    }
}
