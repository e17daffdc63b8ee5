using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Controllers.Workloads;

/// <summary>
/// The pod-template-hash label: FNV-32a over the template (plus the collision count) encoded with the apiserver's
/// "safe" alphabet, as controller.ComputeHash does; the template is hashed as canonical JSON rather than Go's
/// spew dump, so the values differ from a real cluster's but have the same shape and stability.
/// </summary>
internal static class PodTemplateHash
{
    public const string Label = "pod-template-hash";
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(JsonObject template, long collisionCount)
    {
        var text = JsonFields.Canonical(WithoutHashLabel(template)) + (collisionCount > 0 ? collisionCount.ToString(CultureInfo.InvariantCulture) : "");
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        var digits = hash.ToString(CultureInfo.InvariantCulture);
        return new string(digits.Select(c => Alphabet[c % Alphabet.Length]).ToArray());
    }

    /// <summary>Whether a ReplicaSet's template is the Deployment's, ignoring the hash label (EqualIgnoreHash).</summary>
    public static bool SameTemplate(JsonObject? replicaSetTemplate, JsonObject? deploymentTemplate) =>
        JsonFields.SameContent(WithoutHashLabel(replicaSetTemplate), WithoutHashLabel(deploymentTemplate));

    private static JsonObject WithoutHashLabel(JsonObject? template)
    {
        var copy = template?.DeepClone() as JsonObject ?? new JsonObject();
        if (copy["metadata"] is JsonObject meta && meta["labels"] is JsonObject labels)
        {
            labels.Remove(Label);
            if (labels.Count == 0)
            {
                meta.Remove("labels");
            }
        }

        return copy;
    }
}
