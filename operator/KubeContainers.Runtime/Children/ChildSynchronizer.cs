using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Children;

/// <summary>
/// Reads children from the informer caches (so a steady state costs no request) and writes through the client.
/// An update replaces the fields we set (labels, owner references, every top-level field but metadata and status)
/// and keeps what others added (annotations such as the Deployment's revision, finalizers, status). Labels and
/// owner references are replaced whole: a label the user dropped from the spec goes, a claim that became retained
/// loses its owner.
/// </summary>
internal sealed class ChildSynchronizer(IKubeClient client, IServiceProvider services, string hashAnnotation, ILogger<ChildSynchronizer> logger)
    : IChildSynchronizer
{
    /// <summary>What we set in a child's metadata; the rest (finalizers, others' annotations) is left alone.</summary>
    private static readonly string[] OwnedMetadata = ["labels", "annotations", "ownerReferences"];

    public async Task<ChildSyncResult<T>> SyncAsync<T>(ObjectKey key, T? desired, ChildSyncOptions<T> options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(options);
        var existing = services.GetRequiredService<ICacheReader<T>>().Get(key);
        try
        {
            var result = await WriteAsync(key, existing, desired, options, ct).ConfigureAwait(false);
            if (result.Outcome is not (ChildSyncOutcome.Unchanged or ChildSyncOutcome.Absent or ChildSyncOutcome.NotOwned))
            {
                // A write (or a child still going away): what was read no longer holds, so it is no fixed point.
                CacheReads.MarkWrote();
            }

            return result;
        }
        catch (KubeApiException e) when (e.IsRefusal)
        {
            CacheReads.MarkWrote();
            // The caller reports it and goes on with the other children; the child stays as it was.
            logger.LogInformation("{Kind} {Key}: the API server refused the write ({Code}): {Message}", typeof(T).Name, key, (int)e.StatusCode, e.Message);
            var current = existing is not null && options.IsOwned(existing) ? existing : null;
            return new(ChildSyncOutcome.Refused, current, e);
        }
    }

    private async Task<ChildSyncResult<T>> WriteAsync<T>(ObjectKey key, T? existing, T? desired, ChildSyncOptions<T> options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (desired is null)
        {
            return await DeleteIfOursAsync(key, existing, options, ct).ConfigureAwait(false);
        }

        // Kept as JSON: the comparison reads it as JSON, and only a create or an update needs it typed again.
        var wanted = Stamp(desired);
        if (existing is null)
        {
            try
            {
                return new(ChildSyncOutcome.Created, await client.CreateJsonAsync<T>(wanted, ct).ConfigureAwait(false));
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                // The cache has not seen it yet (our own create from a moment ago, or someone else's): read it live.
                existing = await client.GetAsync<T>(key.Name, key.Namespace, ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{typeof(T).Name} {key} exists and does not: retrying", e);
            }
        }

        if (!options.IsOwned(existing))
        {
            return new(ChildSyncOutcome.NotOwned, existing);
        }

        if (existing.Metadata.DeletionTimestamp is not null)
        {
            return new(ChildSyncOutcome.Terminating, existing);
        }

        if (IsUpToDate(existing, wanted))
        {
            return new(ChildSyncOutcome.Unchanged, existing);
        }

        if (options.RequiresRecreate?.Invoke(existing, KubernetesJson.Deserialize<T>(wanted)) == true)
        {
            logger.LogInformation("Deleting {Kind} {Key} to re-create it: a field that cannot change did", typeof(T).Name, key);
            await client.DeleteAsync<T>(key.Name, key.Namespace, ct).ConfigureAwait(false);
            return new(ChildSyncOutcome.Deleted, null);
        }

        var update = Merge(existing, wanted);
        options.Preserve?.Invoke(existing, update);
        return new(ChildSyncOutcome.Updated, await client.UpdateAsync(update, ct).ConfigureAwait(false));
    }

    private async Task<ChildSyncResult<T>> DeleteIfOursAsync<T>(ObjectKey key, T? existing, ChildSyncOptions<T> options, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (existing is null || !options.IsOwned(existing))
        {
            return new(ChildSyncOutcome.Absent, null);
        }

        if (existing.Metadata.DeletionTimestamp is not null)
        {
            return new(ChildSyncOutcome.Terminating, existing);
        }

        var deleted = await client.DeleteAsync<T>(key.Name, key.Namespace, ct).ConfigureAwait(false);
        return new(deleted ? ChildSyncOutcome.Deleted : ChildSyncOutcome.Absent, null);
    }

    /// <summary>The desired object as JSON, carrying the hash of itself.</summary>
    private JsonObject Stamp<T>(T desired)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var node = KubernetesJsonOptions.ToNode(desired);
        var metadata = (JsonObject)node["metadata"]!;
        (metadata["annotations"] as JsonObject)?.Remove(hashAnnotation);
        var hash = DesiredHash.Of(node);
        var annotations = metadata["annotations"] as JsonObject ?? [];
        annotations[hashAnnotation] = hash;
        metadata["annotations"] = annotations;
        return node;
    }

    /// <summary>Up to date when our intent did not change (same hash) and nobody changed what we set: every field
    /// but status, and of the metadata the labels, annotations and owner references.</summary>
    private bool IsUpToDate<T>(T existing, JsonObject wanted)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var wantedMetadata = (JsonObject)wanted["metadata"]!;
        if (existing.Metadata.Annotations?.TryGetValue(hashAnnotation, out var hash) != true
            || hash != wantedMetadata["annotations"]![hashAnnotation]!.GetValue<string>())
        {
            return false;
        }

        var actual = KubernetesJsonOptions.ToNode(existing);
        foreach (var (name, value) in wanted)
        {
            if (name is not ("metadata" or "status") && !JsonContainment.Contains(actual[name], value))
            {
                return false;
            }
        }

        var actualMetadata = actual["metadata"];
        return OwnedMetadata.All(field => JsonContainment.Contains(actualMetadata?[field], wantedMetadata[field]));
    }

    private static T Merge<T>(T existing, JsonObject desired)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var result = KubernetesJsonOptions.ToNode(existing);
        foreach (var (name, value) in desired)
        {
            if (name is not ("metadata" or "status" or "apiVersion" or "kind"))
            {
                result[name] = value?.DeepClone();
            }
        }

        var metadata = (JsonObject)result["metadata"]!;
        var desiredMetadata = (JsonObject)desired["metadata"]!;
        metadata["labels"] = desiredMetadata["labels"]?.DeepClone();
        metadata["ownerReferences"] = desiredMetadata["ownerReferences"]?.DeepClone();

        var annotations = metadata["annotations"] as JsonObject ?? [];
        foreach (var (name, value) in (desiredMetadata["annotations"] as JsonObject) ?? [])
        {
            annotations[name] = value?.DeepClone();
        }

        metadata["annotations"] = annotations;
        return KubernetesJson.Deserialize<T>(result);
    }
}
