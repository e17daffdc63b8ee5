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
    public static string? TemplateDigest(V1PodTemplateSpec? template) =>
        Canonical(template) is { } node
            ? TemplateHash.Sha256Hex(Sorted(node)!.ToJsonString())
            : null;

    /// <summary>The digest the cache left on a trimmed ReplicaSet, else computed from its template.</summary>
    private static string? DigestOf(V1ReplicaSet replicaSet) =>
        replicaSet.Metadata?.Annotations is { } annotations && annotations.TryGetValue(TemplateDigestAnnotation, out var digest)
            ? digest
            : TemplateDigest(replicaSet.Spec?.Template);

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

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
