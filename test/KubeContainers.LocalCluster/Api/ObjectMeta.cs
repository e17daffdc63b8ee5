using System.Globalization;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Api;

/// <summary>Small readers and writers for metadata on JSON objects.</summary>
public static class ObjectMeta
{
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
        {
            return meta;
        }

        meta = new JsonObject();
        obj["metadata"] = meta;
        return meta;
    }

    public static string? Str(this JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Name(this JsonObject obj) => obj.Metadata().Str("name") ?? "";

    public static string? Namespace(this JsonObject obj) => obj.Metadata().Str("namespace");

    public static string Uid(this JsonObject obj) => obj.Metadata().Str("uid") ?? "";

    public static string? ResourceVersion(this JsonObject obj) => obj.Metadata().Str("resourceVersion");

    public static bool IsDeleting(this JsonObject obj) => obj.Metadata()["deletionTimestamp"] is not null;

    public static long Generation(this JsonObject obj) =>
        obj.Metadata()["generation"] is JsonValue v && v.TryGetValue<long>(out var g) ? g : 0;

    public static List<string> Finalizers(this JsonObject obj) =>
        obj.Metadata()["finalizers"] is JsonArray a ? a.Select(f => f!.GetValue<string>()).ToList() : [];

    public static void SetFinalizers(this JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        if (list.Count == 0)
        {
            obj.Metadata().Remove("finalizers");
        }
        else
        {
            obj.Metadata()["finalizers"] = new JsonArray(list.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray());
        }
    }

    public static Dictionary<string, string> Labels(this JsonObject obj) =>
        obj.Metadata()["labels"] is JsonObject l
            ? l.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>RFC 3339 at second precision, as metav1.Time serialises.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 with microseconds, as metav1.MicroTime serialises (events, leases).</summary>
    public static string MicroTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
