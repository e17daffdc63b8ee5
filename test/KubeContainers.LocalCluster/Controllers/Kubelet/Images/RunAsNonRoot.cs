using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// The kubelet's runAsNonRoot check, made when it generates a container's config (after the environment, before
/// the container is created): kuberuntime's verifyRunAsNonRoot with the image user from getImageUser. The effective
/// runAsNonRoot and runAsUser are the container's, else the pod's; a runAsUser decides alone; else the image's
/// uid (none: root) or name is judged. The errors are the kubelet's, word for word.
/// </summary>
internal static class RunAsNonRoot
{
    public static string? Verify(JsonObject pod, JsonObject container, ImageMetadata image)
    {
        var podContext = pod.ObjectAt("spec").ObjectAt("securityContext");
        var containerContext = container.ObjectAt("securityContext");
        if ((containerContext.Bool("runAsNonRoot") ?? podContext.Bool("runAsNonRoot")) != true)
        {
            return null;
        }

        var podDescription = $"{pod.Name()}_{pod.Namespace()}({pod.Uid()})";
        var name = container.Str("name");
        if ((containerContext.Long("runAsUser") ?? podContext.Long("runAsUser")) is { } runAsUser)
        {
            return runAsUser == 0 ? $"container's runAsUser breaks non-root policy (pod: \"{podDescription}\", container: {name})" : null;
        }

        var (uid, user) = image.RuntimeUser();
        if (uid is null && user is { Length: > 0 })
        {
            return $"container has runAsNonRoot and image has non-numeric user ({user}), cannot verify user is non-root (pod: \"{podDescription}\", container: {name})";
        }

        var effective = uid ?? 0;
        if (effective == 0)
        {
            return $"container has runAsNonRoot and image will run as root (pod: \"{podDescription}\", container: {name})";
        }

        return effective is < 0 or > int.MaxValue
            ? $"container has runAsNonRoot and image has an invalid user id ({effective}). (Must be 1-({int.MaxValue})): must be between 0 and {int.MaxValue}, inclusive (pod: \"{podDescription}\", container: {name})"
            : null;
    }
}
