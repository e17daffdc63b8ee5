using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Status;

/// <summary>Works on the JSON form of any kind whose status carries V1Condition-shaped conditions, so it needs no
/// knowledge of the kind's types.</summary>
internal sealed class StatusWriter(IKubeClient client, TimeProvider time, ILogger<StatusWriter> logger) : IStatusWriter
{
    private const int MaxConflictRetries = 5;

    public async Task<bool> WriteAsync<T>(T observed, T desired, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var wanted = ToNode(desired)["status"]?.DeepClone();
        var current = observed;
        for (var attempt = 0; ; attempt++)
        {
            var currentNode = ToNode(current);
            var status = Normalize(wanted?.DeepClone(), currentNode["status"], observed.Metadata.Generation);
            if (JsonNode.DeepEquals(status, currentNode["status"]))
            {
                return false;
            }

            currentNode["status"] = status;
            try
            {
                await client.UpdateStatusAsync(KubernetesJson.Deserialize<T>(currentNode), ct).ConfigureAwait(false);
                return true;
            }
            catch (KubeApiException e) when (e.IsConflict && attempt < MaxConflictRetries)
            {
                logger.LogDebug("Status write of {Key} conflicted; re-reading", ObjectKey.From(current));
                var fresh = await client.GetAsync<T>(current.Metadata.Name, current.Metadata.NamespaceProperty, ct).ConfigureAwait(false);
                if (fresh is null)
                {
                    return false;
                }

                current = fresh;
            }
        }
    }

    private static JsonNode ToNode<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!;

    private JsonNode? Normalize(JsonNode? status, JsonNode? previous, long? generation)
    {
        if (status is not JsonObject fields)
        {
            return status;
        }

        if (generation is not null)
        {
            fields["observedGeneration"] = generation.Value;
        }

        if (fields["conditions"] is not JsonArray conditions)
        {
            return fields;
        }

        var before = (previous?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Where(c => c["type"] is not null)
            .GroupBy(c => c["type"]!.ToString())
            .ToDictionary(g => g.Key, g => g.First()) ?? [];
        var now = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            var type = condition["type"]?.ToString();
            var unchanged = type is not null && before.TryGetValue(type, out var old)
                && JsonNode.DeepEquals(old["status"], condition["status"]) && old["lastTransitionTime"] is not null;
            condition["lastTransitionTime"] = unchanged ? before[type!]["lastTransitionTime"]!.DeepClone() : now;
        }

        return fields;
    }
}
