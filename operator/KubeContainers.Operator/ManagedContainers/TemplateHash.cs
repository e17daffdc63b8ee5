using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// A hash of the pod template we asked for, kept on the Deployment or Job. A changed hash is a new version
/// (Deployed event, lastDeployedAt) and, for a Job whose template cannot change, a reason to re-create it.
/// </summary>
internal static class TemplateHash
{
    public const string Annotation = V1Alpha1ManagedContainer.KubeGroup + "/template-hash";

    public static void Stamp(V1ObjectMeta metadata, V1PodTemplateSpec template)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template))))[..16];
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[Annotation] = hash;
    }

    public static string? Of(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(Annotation, out var hash) ? hash : null;
}
