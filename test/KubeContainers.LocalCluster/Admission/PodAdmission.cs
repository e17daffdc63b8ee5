using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// Pod defaults on every write, and on create what the apiserver adds before a pod first exists: the
/// ServiceAccount, Priority and DefaultTolerationSeconds plugins' fields and the initial status (Pending, qosClass).
/// </summary>
internal sealed class PodAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltinResources.Pods || request.Subresource is not null)
        {
            return;
        }

        var spec = request.Object.Child("spec");
        PodSpecDefaults.Apply(spec, forPod: true);
        if (!spec.Objects("containers").Any())
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), [new FieldError("spec.containers", "FieldValueRequired", "Required value")]);
        }

        // Core validation reports every error of the pod at once: its container ports and its volumes.
        if (ContainerPortValidation.Validate(spec, "spec").Concat(PodVolumeValidation.Errors(spec, "spec")).ToList() is { Count: > 0 } errors)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), errors);
        }

        if (!request.IsCreate)
        {
            return;
        }

        spec["serviceAccountName"] ??= "default";
        spec["serviceAccount"] ??= spec["serviceAccountName"]!.DeepClone();
        spec["priority"] ??= 0;
        spec["preemptionPolicy"] ??= "PreemptLowerPriority";
        AddDefaultToleration(spec, "node.kubernetes.io/not-ready");
        AddDefaultToleration(spec, "node.kubernetes.io/unreachable");
        request.Object["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(spec) };
    }

    private static void AddDefaultToleration(JsonObject spec, string key)
    {
        if (spec["tolerations"] is not JsonArray tolerations)
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }

        if (tolerations.OfType<JsonObject>().Any(t => t.Str("key") == key && t.Str("effect") is null or "NoExecute"))
        {
            return;
        }

        tolerations.Add(new JsonObject
        {
            ["key"] = key,
            ["operator"] = "Exists",
            ["effect"] = "NoExecute",
            ["tolerationSeconds"] = 300,
        });
    }

    /// <summary>Guaranteed: every container limits cpu and memory with equal requests; BestEffort: nothing requested or limited.</summary>
    private static string QosClass(JsonObject spec)
    {
        var containers = spec.Objects("containers").Concat(spec.Objects("initContainers")).ToList();
        var anySet = false;
        var guaranteed = true;
        foreach (var container in containers)
        {
            var requests = container.ObjectAt("resources")?.ObjectAt("requests");
            var limits = container.ObjectAt("resources")?.ObjectAt("limits");
            anySet |= requests is { Count: > 0 } || limits is { Count: > 0 };
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var limit = Quantity.Of(limits?[resource]);
                if (limit is null || Quantity.Of(requests?[resource]) != limit)
                {
                    guaranteed = false;
                }
            }
        }

        return !anySet ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}
