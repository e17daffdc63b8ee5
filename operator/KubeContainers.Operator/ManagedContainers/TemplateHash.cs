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
        metadata.Annotations ??= new Dictionary<string, string>();
        metadata.Annotations[Annotation] = Sha256Hex(KubernetesJson.Serialize(template))[..16];
    }

    /// <summary>The SHA-256 of a text as lower-case hex: the one digest the operator's hashes use.</summary>
    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>The same digest of bytes already encoded as UTF-8.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> utf8) => Convert.ToHexStringLower(SHA256.HashData(utf8));

    public static string? Of(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(Annotation, out var hash) ? hash : null;
}
