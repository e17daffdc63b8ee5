using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// Writes core/v1 Events for every controller, aggregating repeats as client-go's recorder does: the same object,
/// reason, message, type and source bump count and lastTimestamp on the existing Event instead of creating one.
/// Recording is best effort: an Event that cannot be written (a terminating namespace) is dropped.
/// </summary>
internal sealed class EventRecorder(TimeProvider clock)
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Namespace, string Name)> _recorded = new(StringComparer.Ordinal);
    private long _lastStamp;

    /// <summary>Records an Event about <paramref name="involved"/> (<paramref name="fieldPath"/>: e.g. <c>spec.containers{app}</c>).</summary>
    public void Record(ResourceService api, JsonObject involved, string type, string reason, string message, string component,
        string? host = null, string? fieldPath = null)
    {
        try
        {
            RecordCore(api, involved, type, reason, message, component, host, fieldPath);
        }
        catch (ApiException)
        {
            // Events are advisory: losing one must not fail the controller's work.
        }
    }

    /// <summary>
    /// Unix nanoseconds, strictly increasing: client-go names Events &lt;object&gt;.&lt;hex UnixNano&gt;, so listing them by
    /// name lists them in the order they happened (what kubectl describe relies on when timestamps tie).
    /// </summary>
    private long NextStamp()
    {
        var now = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        lock (_gate)
        {
            _lastStamp = Math.Max(_lastStamp + 1, now);
            return _lastStamp;
        }
    }

    private void RecordCore(ResourceService api, JsonObject involved, string type, string reason, string message, string component, string? host, string? fieldPath)
    {
        var ns = involved.Namespace() is { Length: > 0 } n ? n : "default";
        var aggregate = string.Join('\u0001', involved.Uid(), fieldPath, type, reason, message, component, host);
        var now = ObjectMeta.Timestamp(clock.GetUtcNow());
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (string Namespace, string Name) known;
            lock (_gate)
            {
                _recorded.TryGetValue(aggregate, out known);
            }

            if (known.Name is not null && api.TryGet(BuiltinResources.Events, known.Namespace, known.Name) is { } existing)
            {
                existing["count"] = (existing.Long("count") ?? 1) + 1;
                existing["lastTimestamp"] = now;
                try
                {
                    api.Update(BuiltinResources.Events, known.Namespace, known.Name, existing, null, WriteOptions.System(component));
                    return;
                }
                catch (ApiException e) when (e.Code == 409)
                {
                    continue;
                }
            }

            var name = $"{involved.Name()}.{NextStamp():x}";
            var involvedObject = new JsonObject
            {
                ["kind"] = involved.Str("kind"),
                ["namespace"] = involved.Namespace(),
                ["name"] = involved.Name(),
                ["uid"] = involved.Uid(),
                ["apiVersion"] = involved.Str("apiVersion"),
                ["resourceVersion"] = involved.ResourceVersion(),
            };
            if (fieldPath is not null)
            {
                involvedObject["fieldPath"] = fieldPath;
            }

            var source = new JsonObject { ["component"] = component };
            if (host is not null)
            {
                source["host"] = host;
            }

            api.Create(BuiltinResources.Events, ns, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Event",
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = involvedObject,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = source,
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = component,
                ["reportingInstance"] = host ?? "",
            }, WriteOptions.System(component));
            lock (_gate)
            {
                _recorded[aggregate] = (ns, name);
            }

            return;
        }
    }
}
