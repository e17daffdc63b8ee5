using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>
/// The kubelet's volume manager, for the volumes whose content it reads from the API: configMap and secret volumes.
/// Before the pod's sandbox exists, every such volume must set up (WaitForAttachAndMount comes before the runtime's
/// SyncPod): a non-optional one whose ConfigMap or Secret is missing, or whose <c>items</c> name a key it does not
/// hold, fails with the volume plugin's error, recorded as a FailedMount Warning on each retry; the pod stays Pending
/// with its containers waiting in ContainerCreating and no IP. Secret and ConfigMap changes of the namespace wake it
/// (<see cref="PodRun.WaitingForConfig"/>); once every volume is set up it stays so (the kubelet does not unmount a
/// volume whose source goes away later).
/// </summary>
internal sealed partial class Kubelet
{
    /// <summary>
    /// Why each volume cannot be set up, worded as the configmap and secret volume plugins report it (SetUpAt through
    /// the kubelet's watch-based manager: <c>configmap "x" not found</c>, <c>secret "x" not found</c>; MakePayload:
    /// <c>configmap references non-existent config key: k</c>, <c>references non-existent secret key: k</c>). An
    /// optional volume never fails: a missing object or key is left out.
    /// </summary>
    internal static List<(string Volume, string Error)> VolumeSetUpErrors(ResourceService api, JsonObject pod)
    {
        var errors = new List<(string, string)>();
        var ns = pod.Namespace();
        foreach (var volume in pod.ObjectAt("spec").Objects("volumes"))
        {
            var name = volume.Str("name") ?? "";
            if (volume.ObjectAt("configMap") is { } configMap && SourceError(api, ns, configMap, BuiltinResources.ConfigMaps, configMap.Str("name"),
                    key => $"configmap references non-existent config key: {key}") is { } configMapError)
            {
                errors.Add((name, configMapError));
            }
            else if (volume.ObjectAt("secret") is { } secret && SourceError(api, ns, secret, BuiltinResources.Secrets, secret.Str("secretName"),
                    key => $"references non-existent secret key: {key}") is { } secretError)
            {
                errors.Add((name, secretError));
            }
        }

        return errors;
    }

    private static string? SourceError(ResourceService api, string? ns, JsonObject source, ResourceType type, string? objectName, Func<string, string> missingKey)
    {
        var optional = source.Bool("optional") == true;
        if (api.TryGet(type, ns, objectName ?? "") is not { } found)
        {
            return optional ? null : $"{type.Singular} \"{objectName}\" not found";
        }

        if (optional)
        {
            return null;
        }

        foreach (var item in source.Objects("items"))
        {
            var key = item.Str("key") ?? "";
            if (!new[] { "data", "binaryData", "stringData" }.Any(map => found.ObjectAt(map)?.ContainsKey(key) == true))
            {
                return missingKey(key);
            }
        }

        return null;
    }

    /// <summary>
    /// Volumes that cannot be set up: the pod stays Pending without a sandbox, its containers in ContainerCreating, and
    /// each retry (the first at once, then with the same back-off as the sandbox's) records one FailedMount per volume.
    /// </summary>
    private TimeSpan FailMount(ResourceService api, JsonObject pod, JsonObject node, PodRun run, List<(string Volume, string Error)> failures)
    {
        run.WaitingForConfig = true;
        var (attempts, nextAttempt) = Attempts(run.Arrived, Now);
        if (attempts > run.MountAttempts)
        {
            run.MountAttempts = attempts;
            foreach (var (volume, error) in failures)
            {
                events.Record(api, pod, EventRecorder.Warning, "FailedMount", $"MountVolume.SetUp failed for volume \"{volume}\" : {error}", Component, run.NodeName);
            }
        }

        WriteWaitingStatus(api, pod, node, run, null);

        return nextAttempt - Now + TimeSpan.FromMilliseconds(1);
    }
}
