using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// The pods of a Deployment's current revision: mid-rollout the old ReplicaSet's pods still serve, but only the new
/// ones say whether the new version works.
/// </summary>
public static class DeploymentPods
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public const string PodTemplateHashLabel = "pod-template-hash";

    /// <summary>Put on cached ReplicaSets in place of their pod template (see <c>CacheTransforms.ReplicaSet</c>):
    /// <see cref="TemplateDigest"/> of it. Cache-only; never written to the API server.</summary>
    public const string TemplateDigestAnnotation = "kubecontainers.io/cached-template-digest";

    /// <summary>
    /// The ReplicaSet the Deployment owns whose template is the Deployment's (ignoring pod-template-hash, as the
    /// deployment controller compares them); failing that, once the controller has observed the current generation,
    /// the one carrying the Deployment's revision annotation. Null while the controller has not created it yet.
    /// </summary>
    public static V1ReplicaSet? CurrentReplicaSet(V1Deployment deployment, IReadOnlyList<V1ReplicaSet> replicaSets)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(replicaSets);
        var owned = replicaSets
            .Where(rs => rs.Metadata?.DeletionTimestamp is null && Ownership.IsOwnedBy(rs.Metadata, "Deployment", deployment.Metadata))
            .ToList();
        var template = TemplateDigest(deployment.Spec?.Template);
        if (owned.FirstOrDefault(rs => DigestOf(rs) == template) is { } same)
        {
            return same;
        }

        var observed = deployment.Status?.ObservedGeneration is { } seen && seen >= (deployment.Metadata?.Generation ?? 0);
        return observed && Revision(deployment.Metadata) is { } revision
            ? owned.FirstOrDefault(rs => Revision(rs.Metadata) == revision)
            : null;
    }

    /// <summary>The pods owned (by uid) by <see cref="CurrentReplicaSet"/>; none while it does not exist.</summary>
    public static IReadOnlyList<V1Pod> CurrentPods(V1Deployment deployment, IReadOnlyList<V1ReplicaSet> replicaSets, IReadOnlyList<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        var current = CurrentReplicaSet(deployment, replicaSets);
        return current is null ? [] : pods.Where(p => Ownership.IsOwnedBy(p.Metadata, "ReplicaSet", current.Metadata)).ToList();
    }

    /// <summary>A digest of a pod template as the deployment controller compares them: without the
    /// pod-template-hash label, and with object keys sorted, so the order a server wrote them in does not matter.
    /// Null for no template.</summary>
    public static string? TemplateDigest(V1PodTemplateSpec? template)
    {
        if (Canonical(template) is not { } node)
        {
            return null;
        }

        // The sorted JSON is written straight into a buffer and hashed: the same bytes as serialising a sorted copy,
        // without building one (this runs for every ReplicaSet event and every reconcile of a Deployment).
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteSorted(writer, node);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The digest the cache left on a trimmed ReplicaSet, else computed from its template.</summary>
    private static string? DigestOf(V1ReplicaSet replicaSet) =>
        replicaSet.Metadata?.Annotations is { } annotations && annotations.TryGetValue(TemplateDigestAnnotation, out var digest)
            ? digest
            : TemplateDigest(replicaSet.Spec?.Template);

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string? Revision(V1ObjectMeta? meta) =>
        meta?.Annotations is { } annotations && annotations.TryGetValue(RevisionAnnotation, out var revision) ? revision : null;

    private static JsonNode? Canonical(V1PodTemplateSpec? template)
    {
        if (template is null)
        {
            return null;
        }

        var node = JsonNode.Parse(KubernetesJson.Serialize(template));
        if (node?["metadata"] is JsonObject meta && meta["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHashLabel);
            if (labels.Count == 0)
            {
                meta.Remove("labels");
            }
        }

        return node;
    }
}
