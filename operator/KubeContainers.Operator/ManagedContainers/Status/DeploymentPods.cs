using System.Buffers;
using System.Text.Json;
using k8s.Models;
using KubeContainers.Runtime.Client;

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
        if (template is null)
        {
            return null;
        }

        // Serialised once as UTF-8 and read back as a JsonDocument (pooled, no node per value), then written sorted
        // straight into the hashed buffer: this runs for every ReplicaSet event and every reconcile of a Deployment,
        // and the string and JsonNode tree it used to build were most of its cost.
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(template, KubernetesJsonOptions.Value));
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTemplate(writer, document.RootElement);
        }

        return TemplateHash.Sha256Hex(buffer.WrittenSpan);
    }

    /// <summary>The digest the cache left on a trimmed ReplicaSet, else computed from its template.</summary>
    private static string? DigestOf(V1ReplicaSet replicaSet) =>
        replicaSet.Metadata?.Annotations is { } annotations && annotations.TryGetValue(TemplateDigestAnnotation, out var digest)
            ? digest
            : TemplateDigest(replicaSet.Spec?.Template);

    /// <summary>The template sorted, leaving out the pod-template-hash label (and the labels, when it was the only
    /// one): the ReplicaSet's copy carries it, the Deployment's does not.</summary>
    private static void WriteTemplate(Utf8JsonWriter writer, JsonElement template)
    {
        if (template.ValueKind != JsonValueKind.Object)
        {
            WriteSorted(writer, template);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in Sorted(template))
        {
            if (property.Name != "metadata" || property.Value.ValueKind != JsonValueKind.Object)
            {
                writer.WritePropertyName(property.Name);
                WriteSorted(writer, property.Value);
                continue;
            }

            writer.WritePropertyName("metadata");
            writer.WriteStartObject();
            foreach (var field in Sorted(property.Value))
            {
                if (field.Name != "labels" || field.Value.ValueKind != JsonValueKind.Object)
                {
                    writer.WritePropertyName(field.Name);
                    WriteSorted(writer, field.Value);
                    continue;
                }

                var labels = Sorted(field.Value).Where(label => label.Name != PodTemplateHashLabel).ToList();
                if (labels.Count == 0)
                {
                    continue;
                }

                writer.WritePropertyName("labels");
                writer.WriteStartObject();
                foreach (var label in labels)
                {
                    writer.WritePropertyName(label.Name);
                    WriteSorted(writer, label.Value);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in Sorted(element))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static List<JsonProperty> Sorted(JsonElement obj)
    {
        var properties = obj.EnumerateObject().ToList();
        properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return properties;
    }

    private static string? Revision(V1ObjectMeta? meta) =>
        meta?.Annotations is { } annotations && annotations.TryGetValue(RevisionAnnotation, out var revision) ? revision : null;
}
