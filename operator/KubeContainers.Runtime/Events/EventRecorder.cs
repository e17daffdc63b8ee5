using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Events;

/// <summary>
/// <see cref="IEventRecorder"/> over <see cref="IKubeClient"/>, in the spirit of client-go's recorder: a repeat of
/// an event within <see cref="EventRecorderOptions.AggregationWindow"/> of its last occurrence merge-patches
/// <c>count</c> and <c>lastTimestamp</c> of the Event already written (<c>kubectl get events</c> shows "x2"), and the
/// events it remembers for that are bounded by an LRU. Writes are best effort: an Event is advisory and its loss must
/// not fail a reconcile.
/// </summary>
internal sealed class EventRecorder(IKubeClient client, EventRecorderOptions options, TimeProvider time, ILogger<EventRecorder> logger)
    : IEventRecorder
{
    // metav1.Time has second precision; eventTime (metav1.MicroTime) keeps the microseconds.
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    // An Event name is a DNS subdomain (253): the object's name, a dot and 16 hex digits.
    private const int MaxNamePrefix = 253 - 17;

    // The API server's limits (in bytes) on Events that carry an eventTime.
    private const int MaxMessageBytes = 1024;
    private const int MaxReasonBytes = 128;

    private readonly LruCache<EventKey, AggregatedEvent> recent = new(options.CacheCapacity);
    private long lastStamp;

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct)
    {
        Validate(regarding, type, reason, message);
        ct.ThrowIfCancellationRequested();
        try
        {
            await RecordCoreAsync(regarding, type, reason, message, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Best effort by contract: whatever fails, the reconcile goes on without the Event.
            logger.LogDebug(e, "Dropped event {Type} {Reason} about {Kind} {Namespace}/{Name}",
                type, reason, regarding.Kind, regarding.Metadata.NamespaceProperty, regarding.Metadata.Name);
        }
    }

    /// <summary>The caller's mistakes, thrown at once (also by <see cref="BufferedEventRecorder"/>, before queueing).</summary>
    internal static void Validate(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        if (string.IsNullOrEmpty(regarding.Metadata?.Name))
        {
            throw new ArgumentException("Events are about named objects.", nameof(regarding));
        }

        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(message);
        if (type is not (EventTypes.Normal or EventTypes.Warning))
        {
            throw new ArgumentException($"An event type is {EventTypes.Normal} or {EventTypes.Warning}, not \"{type}\".", nameof(type));
        }
    }

    private async Task RecordCoreAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct)
    {
        var metadata = regarding.Metadata;
        var (apiVersion, kind) = TypeOf(regarding);
        var key = new EventKey(metadata.Uid ?? $"{apiVersion}/{kind}/{metadata.NamespaceProperty}/{metadata.Name}", type, reason, message);
        var entry = recent.GetOrAdd(key, static () => new AggregatedEvent());
        await entry.Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (entry.Name is not null && now - entry.LastSeen <= options.AggregationWindow
                && await TryBumpAsync(entry, now, ct).ConfigureAwait(false))
            {
                return;
            }

            var created = await client.CreateAsync(NewEvent(metadata, apiVersion, kind, type, reason, message, now), ct).ConfigureAwait(false);
            entry.Name = created.Metadata.Name;
            entry.Namespace = created.Metadata.NamespaceProperty;
            entry.Count = created.Count ?? 1;
            entry.LastSeen = now;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Counts one more occurrence on the Event already written; false when it is gone (Events expire on the
    /// server, one hour by default), so a new one is created.</summary>
    private async Task<bool> TryBumpAsync(AggregatedEvent entry, DateTimeOffset now, CancellationToken ct)
    {
        var count = entry.Count + 1;
        var patch = new JsonObject
        {
            ["count"] = count,
            ["lastTimestamp"] = now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture),
        };
        try
        {
            var patched = await client.PatchAsync<Corev1Event>(entry.Name!, entry.Namespace, KubePatch.Merge(patch.ToJsonString()), ct).ConfigureAwait(false);
            entry.Count = patched.Count ?? count;
            entry.LastSeen = now;
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            entry.Name = null;
            return false;
        }
    }

    private Corev1Event NewEvent(V1ObjectMeta regarding, string apiVersion, string kind, string type, string reason, string message, DateTimeOffset now)
    {
        // Cluster-scoped objects get their Events in "default", as client-go does.
        var ns = string.IsNullOrEmpty(regarding.NamespaceProperty) ? "default" : regarding.NamespaceProperty;
        var prefix = regarding.Name.Length > MaxNamePrefix ? regarding.Name[..MaxNamePrefix] : regarding.Name;
        var seconds = new DateTime(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = $"{prefix}.{NextStamp(now):x16}", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = apiVersion,
                Kind = kind,
                Name = regarding.Name,
                NamespaceProperty = regarding.NamespaceProperty,
                Uid = regarding.Uid,
                ResourceVersion = regarding.ResourceVersion,
            },
            Type = type,
            Reason = Truncate(reason, MaxReasonBytes),
            Message = Truncate(message, MaxMessageBytes),
            // The API server requires an action on Events that carry an eventTime; the reason is the closest thing.
            Action = Truncate(reason, MaxReasonBytes),
            Source = new V1EventSource { Component = options.ReportingComponent },
            ReportingComponent = options.ReportingComponent,
            ReportingInstance = options.ReportingInstance,
            FirstTimestamp = seconds,
            LastTimestamp = seconds,
            EventTime = now.UtcDateTime,
            Count = 1,
        };
    }

    /// <summary>Unix nanoseconds, strictly increasing within this recorder: Event names sort in the order recorded
    /// even when the clock stands still or goes back.</summary>
    private long NextStamp(DateTimeOffset now)
    {
        var nanos = (now - DateTimeOffset.UnixEpoch).Ticks * 100;
        while (true)
        {
            var last = Interlocked.Read(ref lastStamp);
            var next = Math.Max(last + 1, nanos);
            if (Interlocked.CompareExchange(ref lastStamp, next, last) == last)
            {
                return next;
            }
        }
    }

    private static string Truncate(string value, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }

        var length = Math.Min(value.Length, maxBytes - 3);
        while (Encoding.UTF8.GetByteCount(value.AsSpan(0, length)) > maxBytes - 3 || char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        return string.Concat(value.AsSpan(0, length), "...");
    }

    /// <summary>Objects read through the client carry apiVersion and kind; objects built in code may not, so the kind
    /// is taken from the type's registration then.</summary>
    private static (string ApiVersion, string Kind) TypeOf(IKubernetesObject<V1ObjectMeta> regarding)
    {
        if (!string.IsNullOrEmpty(regarding.ApiVersion) && !string.IsNullOrEmpty(regarding.Kind))
        {
            return (regarding.ApiVersion, regarding.Kind);
        }

        var descriptor = KindDescriptor.For(regarding.GetType());
        return (string.IsNullOrEmpty(regarding.ApiVersion) ? descriptor.ApiVersion : regarding.ApiVersion,
            string.IsNullOrEmpty(regarding.Kind) ? descriptor.Kind : regarding.Kind);
    }
}
