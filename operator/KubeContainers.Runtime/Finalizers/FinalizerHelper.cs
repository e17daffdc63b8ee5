using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Finalizers;

internal sealed class FinalizerHelper(IKubeClient client) : IFinalizerHelper
{
    public async Task<FinalizerOutcome> EnsureAsync<T>(T obj, string finalizer, Func<T, CancellationToken, Task> cleanup, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(finalizer);
        var finalizers = obj.Metadata.Finalizers ?? [];
        var has = finalizers.Contains(finalizer);
        if (obj.Metadata.DeletionTimestamp is null)
        {
            if (has)
            {
                return FinalizerOutcome.Present;
            }

            await PatchFinalizersAsync(obj, [.. finalizers, finalizer], ct).ConfigureAwait(false);
            return FinalizerOutcome.Added;
        }

        if (!has)
        {
            return FinalizerOutcome.NotPresent;
        }

        await cleanup(obj, ct).ConfigureAwait(false);
        await PatchFinalizersAsync(obj, [.. finalizers.Where(f => f != finalizer)], ct).ConfigureAwait(false);
        return FinalizerOutcome.Removed;
    }

    // A merge patch replaces the whole list; the resourceVersion makes it fail with 409 rather than drop a finalizer
    // someone else added since this object was read.
    private Task PatchFinalizersAsync<T>(T obj, IReadOnlyList<string> finalizers, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = obj.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
            },
        };
        return client.PatchAsync<T>(obj.Metadata.Name, obj.Metadata.NamespaceProperty, KubePatch.Merge(patch.ToJsonString()), ct);
    }
}
