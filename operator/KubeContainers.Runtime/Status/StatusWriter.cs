using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Status;

/// <summary>Works on the JSON form of any kind whose status carries V1Condition-shaped conditions, so it needs no
/// knowledge of the kind's types.</summary>
/// <remarks>The status is written as a JSON patch of the status subresource without a resourceVersion: the
/// controller is the status's only writer, so a precondition would only make it conflict with spec edits made
/// meanwhile (and cost a GET and a retry each). What it gives up, knowing the object's latest status, it keeps
/// itself: the status it last wrote, until the cache shows that write (<see cref="Latest{T}"/>).</remarks>
internal sealed class StatusWriter(IKubeClient client, TimeProvider time, ILogger<StatusWriter> logger) : IStatusWriter
{
    // Entries go as soon as the primary kind's informer sees the write (Seen) or a reconcile reads it from the cache
    // (Latest); this sweeps what neither removed (a watch that missed the object's last events).
    private const int SweepAbove = 1024;
    private static readonly TimeSpan Forgotten = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Written> written = new(StringComparer.Ordinal);

    // Objects with a status write under way, with the newest resourceVersion the informer showed meanwhile: the watch
    // event of a write often arrives before the write's own response, and a write remembered after its event was seen
    // would stay until the sweep (two in three of them did at 3,000 containers).
    private readonly ConcurrentDictionary<string, long> inFlight = new(StringComparer.Ordinal);

    public T Latest<T>(T observed)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(observed);
        var uid = observed.Metadata?.Uid;
        if (uid is null || !written.TryGetValue(uid, out var mine))
        {
            return observed;
        }

        if (!long.TryParse(observed.Metadata!.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var seen)
            || seen >= mine.ResourceVersion)
        {
            // The cache has our write, or something newer: it knows best again.
            written.TryRemove(KeyValuePair.Create(uid, mine));
            return observed;
        }

        var node = KubernetesJsonOptions.ToNode(observed);
        node["status"] = mine.Status.DeepClone();
        return KubernetesJson.Deserialize<T>(node);
    }

    /// <summary>The primary kind's informer saw <paramref name="meta"/>: once it shows our write or anything newer, or the
    /// object is gone, the remembered status is dropped. Without this, the last status written to each object (its
    /// Ready, which wakes no reconcile) stayed until the sweep: at 10,000 containers, most of the operator's heap.</summary>
    internal void Seen(V1ObjectMeta? meta, bool deleted)
    {
        if (meta?.Uid is not { } uid)
        {
            return;
        }

        var seen = deleted || !long.TryParse(meta.ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? long.MaxValue
            : version;

        // In-flight first, remembered second; Remember does the opposite, so whichever runs last sees the other's work.
        while (inFlight.TryGetValue(uid, out var before) && before < seen && !inFlight.TryUpdate(uid, seen, before))
        {
        }

        if (written.TryGetValue(uid, out var mine) && seen >= mine.ResourceVersion)
        {
            written.TryRemove(KeyValuePair.Create(uid, mine));
        }
    }

    /// <summary>How many writes are remembered (tests).</summary>
    internal int Remembered => written.Count;

    public async Task<bool> WriteAsync<T>(T observed, T desired, CancellationToken ct)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        // Only the status is serialised to compare it: the whole object twice was a JSON round trip of the spec and
        // metadata on every reconcile.
        var previous = StatusNode<T>.Of(Latest(observed));
        var status = WithObservedGeneration(StatusNode<T>.Of(desired), observed.Metadata.Generation);
        if (JsonNode.DeepEquals(status, previous))
        {
            return false;
        }

        var patch = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = status ?? new JsonObject() });
        var uid = observed.Metadata.Uid;
        if (uid is not null)
        {
            inFlight[uid] = 0;
        }

        try
        {
            var stored = await client.PatchAsync<T>(observed.Metadata.Name, observed.Metadata.NamespaceProperty, KubePatch.Json(patch.ToJsonString(), status: true), ct)
                .ConfigureAwait(false);
            Remember(uid, stored.Metadata?.ResourceVersion, status);
            // As a child write does (ChildSynchronizer): a run that wrote is no fixed point.
            CacheReads.MarkWrote();
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            logger.LogDebug("{Key} is gone; its status is not written", ObjectKey.From(observed));
            return false;
        }
        finally
        {
            if (uid is not null)
            {
                inFlight.TryRemove(uid, out _);
            }
        }
    }

    private void Remember(string? uid, string? resourceVersion, JsonNode? status)
    {
        if (uid is null || status is null
            || !long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return;
        }

        var now = time.GetUtcNow();
        var mine = new Written(version, status, now);
        written[uid] = mine;
        if (inFlight.TryRemove(uid, out var seen) && seen >= version)
        {
            // The informer already showed this write (or something newer) while it was under way.
            written.TryRemove(KeyValuePair.Create(uid, mine));
            return;
        }

        if (written.Count > SweepAbove)
        {
            foreach (var (key, entry) in written)
            {
                if (now - entry.At > Forgotten)
                {
                    written.TryRemove(KeyValuePair.Create(key, entry));
                }
            }
        }
    }

    /// <summary>The <c>status</c> of a <typeparamref name="T"/> as JSON (a fresh node), found through the serializer's
    /// own contract so the kind's types need not be known; the whole object's when the kind has no such property.</summary>
    private static class StatusNode<T>
        where T : class
    {
        private static readonly JsonPropertyInfo? Property = KubernetesJsonOptions.Value.GetTypeInfo(typeof(T)).Properties
            .FirstOrDefault(p => p.Name == "status" && p.Get is not null);

        public static JsonNode? Of(T obj) => Property is { Get: { } get }
            ? (get(obj) is { } value ? JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(value, Property.PropertyType, KubernetesJsonOptions.Value)) : null)
            : KubernetesJsonOptions.ToNode(obj)["status"];
    }

    private static JsonNode? WithObservedGeneration(JsonNode? status, long? generation)
    {
        if (status is not JsonObject fields)
        {
            return status;
        }

        if (generation is not null)
        {
            fields["observedGeneration"] = generation.Value;
        }

        // Conditions are written as the reconciler computed them: their transition times are kept where the
        // conditions are set (the condition set compares with the stored status), not here.
        return fields;
    }

    /// <summary>A status this writer wrote, with the resourceVersion the server gave the object for it.</summary>
    private sealed record Written(long ResourceVersion, JsonNode Status, DateTimeOffset At);
}
