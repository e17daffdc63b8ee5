using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Faults;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tables;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// Watch streams: newline-delimited {"type","object"} events from a resourceVersion (or the current state as
/// synthetic ADDED events when none is given), selector-aware (an object leaving the selector is sent as
/// DELETED), periodic BOOKMARKs when asked for, timeoutSeconds, and 410 Gone as an ERROR event.
/// </summary>
internal sealed class WatchStreamer(ObjectStore store, FaultInjector faults, TimeSpan bookmarkInterval, TimeProvider clock)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public async Task StreamAsync(HttpContext context, ResourceType type, string? ns, ListOptions options, bool asTable, CancellationToken aborted)
    {
        var query = context.Request.Query;
        var filter = ObjectFilter.Parse(type, options);
        var bookmarks = query["allowWatchBookmarks"].FirstOrDefault() is "true" or "1";
        var timeout = int.TryParse(query["timeoutSeconds"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultTimeout;

        IReadOnlyList<StoredObject> initial = [];
        StoreSubscription subscription;
        try
        {
            if (string.IsNullOrEmpty(options.ResourceVersion) || options.ResourceVersion == "0")
            {
                (initial, subscription) = store.Locked(() =>
                {
                    var (items, revision) = store.List(type.StorageKey, ns);
                    return (items, store.Subscribe(type.StorageKey, revision));
                });
            }
            else
            {
                if (!long.TryParse(options.ResourceVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out var from))
                {
                    throw ApiException.BadRequest($"invalid resource version: {options.ResourceVersion}");
                }

                subscription = store.Subscribe(type.StorageKey, from);
            }
        }
        catch (ResourceExpiredException e)
        {
            await StartAsync(context);
            await WriteEventAsync(context, "ERROR", ApiException.Gone(e.Message).ToStatus());
            return;
        }

        using var _ = subscription;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, faults.WatchesToken);
        stop.CancelAfter(timeout);
        await StartAsync(context);
        var writer = new EventWriter(context, type, asTable, clock);
        foreach (var item in initial.Where(i => ns is null || i.Namespace == ns).Where(filter.Matches))
        {
            await writer.WriteAsync(WatchEvent.Added, item);
        }

        await writer.FlushAsync();
        await PumpAsync(subscription, ns, filter, bookmarks, writer, stop.Token);
    }

    private async Task PumpAsync(StoreSubscription subscription, string? ns, ObjectFilter filter, bool bookmarks, EventWriter writer, CancellationToken stop)
    {
        var events = subscription.Events;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop);
                tick.CancelAfter(bookmarkInterval);
                bool ready;
                try
                {
                    ready = await events.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    if (bookmarks && !faults.StallWatches && BookmarkRevision(events) is { } revision)
                    {
                        await writer.WriteBookmarkAsync(revision);
                        await writer.FlushAsync();
                    }

                    continue;
                }

                if (!ready)
                {
                    return;
                }

                while (events.TryRead(out var change))
                {
                    if (Translate(change, ns, filter) is not { } type)
                    {
                        continue;
                    }

                    if (faults.StallWatches)
                    {
                        faults.SwallowedWatchEvent();
                        continue;
                    }

                    await writer.WriteAsync(type, change.Object);
                }

                await writer.FlushAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the timeout passed, or the fault injector closed all watches.
        }
        catch (IOException)
        {
            // The connection broke mid-write: the client will re-watch.
        }
    }

    /// <summary>The revision a bookmark may claim: the current one, but only when every event up to it has been read.</summary>
    private long? BookmarkRevision(ChannelReader<WatchEvent> events) =>
        store.Locked(() => events.Count == 0 ? store.Revision : (long?)null);

    private static string? Translate(WatchEvent change, string? ns, ObjectFilter filter)
    {
        if (ns is not null && change.Object.Namespace != ns)
        {
            return null;
        }

        var now = change.Type != WatchEvent.Deleted && filter.Matches(change.Object);
        var before = change.Previous is not null && filter.Matches(change.Previous);
        return change.Type switch
        {
            WatchEvent.Added => now ? WatchEvent.Added : null,
            WatchEvent.Deleted => before ? WatchEvent.Deleted : null,
            _ when now && before => WatchEvent.Modified,
            _ when now => WatchEvent.Added,
            _ when before => WatchEvent.Deleted,
            _ => null,
        };
    }

    private static async Task StartAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task WriteEventAsync(HttpContext context, string type, JsonObject obj)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WritePropertyName("object");
            obj.WriteTo(json);
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
        await context.Response.BodyWriter.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes events as raw stored bytes (or one-row Tables for kubectl get -w).</summary>
    private sealed class EventWriter(HttpContext context, ResourceType type, bool asTable, TimeProvider clock)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public Task WriteAsync(string eventType, StoredObject stored)
        {
            using var json = new Utf8JsonWriter(_buffer);
            json.WriteStartObject();
            json.WriteString("type", eventType);
            json.WritePropertyName("object");
            if (asTable)
            {
                TableBuilder.Build([stored.ToJsonObject()], type.Group, type.Kind, type.PrinterColumns, "Metadata", clock.GetUtcNow(),
                    stored.Revision.ToString(CultureInfo.InvariantCulture), null).WriteTo(json);
            }
            else
            {
                json.WriteRawValue(stored.Json, skipInputValidation: true);
            }

            json.WriteEndObject();
            json.Flush();
            _buffer.Write("\n"u8);
            return Task.CompletedTask;
        }

        public Task WriteBookmarkAsync(long revision)
        {
            using var json = new Utf8JsonWriter(_buffer);
            json.WriteStartObject();
            json.WriteString("type", "BOOKMARK");
            json.WriteStartObject("object");
            json.WriteString("kind", type.Kind);
            json.WriteString("apiVersion", type.ApiVersion);
            json.WriteStartObject("metadata");
            json.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            _buffer.Write("\n"u8);
            return Task.CompletedTask;
        }

        public async Task FlushAsync()
        {
            if (_buffer.WrittenCount == 0)
            {
                return;
            }

            await context.Response.BodyWriter.WriteAsync(_buffer.WrittenMemory, context.RequestAborted);
            await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            _buffer.ResetWrittenCount();
        }
    }
}
