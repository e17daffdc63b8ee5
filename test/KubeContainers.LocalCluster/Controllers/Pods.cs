using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>Pod facts the controllers share: active, ready, available, and a pod built from a template.</summary>
internal static class Pods
{
    public static string Phase(JsonObject pod) => pod.ObjectAt("status").Str("phase") ?? "Pending";

    /// <summary>Neither finished nor being deleted (controller.FilterActivePods).</summary>
    public static bool IsActive(JsonObject pod) => !pod.IsDeleting() && Phase(pod) is not ("Succeeded" or "Failed");

    public static bool IsReady(JsonObject pod) => Conditions.IsTrue(pod.ObjectAt("status"), "Ready");

    /// <summary>Ready for at least minReadySeconds; <paramref name="availableIn"/> says when a ready pod will be, if not yet.</summary>
    public static bool IsAvailable(JsonObject pod, long minReadySeconds, DateTimeOffset now, out TimeSpan? availableIn)
    {
        availableIn = null;
        if (!IsReady(pod))
        {
            return false;
        }

        if (minReadySeconds <= 0)
        {
            return true;
        }

        var since = Conditions.Find(pod.ObjectAt("status"), "Ready")?.Str("lastTransitionTime") is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var t)
            ? t
            : now;
        var at = since + TimeSpan.FromSeconds(minReadySeconds);
        if (at <= now)
        {
            return true;
        }

        availableIn = at - now;
        return false;
    }

    /// <summary>A new pod from a workload's template: its labels and annotations, its spec, a controller reference; the apiserver generates the name.</summary>
    public static JsonObject FromTemplate(JsonObject owner, JsonObject template, string namePrefix)
    {
        var templateMeta = template.ObjectAt("metadata");
        var meta = new JsonObject
        {
            ["generateName"] = namePrefix,
            ["namespace"] = owner.Namespace(),
        };
        if (templateMeta?["labels"] is JsonObject labels)
        {
            meta["labels"] = labels.DeepClone();
        }

        if (templateMeta?["annotations"] is JsonObject annotations)
        {
            meta["annotations"] = annotations.DeepClone();
        }

        meta["ownerReferences"] = Owners.ControllerReference(owner);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
