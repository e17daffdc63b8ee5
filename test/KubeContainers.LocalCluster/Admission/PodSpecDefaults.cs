using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The core/v1 defaulting functions for a pod spec (SetDefaults_PodSpec, _Container, _ContainerPort, _Probe,
/// _HTTPGetAction, _Volume...), applied to pods and to every pod template, so a client that reads back what it
/// wrote sees what a real apiserver stores. <c>forPod</c> adds what only SetDefaults_Pod does.
/// </summary>
internal static class PodSpecDefaults
{
    public static void Apply(JsonObject spec, bool forPod)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["securityContext"] ??= new JsonObject();
        spec["schedulerName"] ??= "default-scheduler";
        if (forPod)
        {
            spec["enableServiceLinks"] ??= true;
        }

        foreach (var list in new[] { "initContainers", "containers", "ephemeralContainers" })
        {
            foreach (var container in spec.Objects(list))
            {
                Container(container, forPod);
            }
        }

        foreach (var volume in spec.Objects("volumes"))
        {
            Volume(volume);
        }
    }

    private static void Container(JsonObject container, bool forPod)
    {
        container["terminationMessagePath"] ??= "/dev/termination-log";
        container["terminationMessagePolicy"] ??= "File";
        if (container["imagePullPolicy"] is null && container.Str("image") is { } image)
        {
            container["imagePullPolicy"] = PullsAlways(image) ? "Always" : "IfNotPresent";
        }

        foreach (var port in container.Objects("ports"))
        {
            port["protocol"] ??= "TCP";
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[probe] is JsonObject p)
            {
                Probe(p);
            }
        }

        foreach (var env in container.Objects("env"))
        {
            if (env.ObjectAt("valueFrom")?.ObjectAt("fieldRef") is { } fieldRef)
            {
                fieldRef["apiVersion"] ??= "v1";
            }
        }

        if (forPod && container["resources"] is JsonObject resources && resources["limits"] is JsonObject limits)
        {
            // SetDefaults_Pod: a limit without a request requests the limit.
            var requests = resources.Child("requests");
            foreach (var (name, value) in limits)
            {
                requests[name] ??= value?.DeepClone();
            }
        }
    }

    private static void Probe(JsonObject probe)
    {
        probe["timeoutSeconds"] ??= 1;
        probe["periodSeconds"] ??= 10;
        probe["successThreshold"] ??= 1;
        probe["failureThreshold"] ??= 3;
        if (probe["httpGet"] is JsonObject httpGet)
        {
            httpGet["path"] ??= "/";
            httpGet["scheme"] ??= "HTTP";
        }
    }

    private static void Volume(JsonObject volume)
    {
        var sources = volume.Where(kv => kv.Key != "name").ToList();
        if (sources.Count == 0)
        {
            volume["emptyDir"] = new JsonObject();
        }

        foreach (var source in new[] { "secret", "configMap", "projected", "downwardAPI" })
        {
            if (volume[source] is JsonObject s)
            {
                s["defaultMode"] ??= 420;
            }
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            hostPath["type"] ??= "";
        }
    }

    /// <summary>imagePullPolicy Always for ":latest" or no tag (a digest pins the image), IfNotPresent otherwise.</summary>
    private static bool PullsAlways(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest";
    }
}
