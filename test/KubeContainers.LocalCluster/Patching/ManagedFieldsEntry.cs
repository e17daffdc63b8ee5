using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>One entry of <c>metadata.managedFields</c> with its field set decoded.</summary>
internal sealed class ManagedFieldsEntry
{
    public const string ApplyOperation = "Apply";

    public required string Manager { get; init; }

    public required string Operation { get; init; }

    public string? ApiVersion { get; set; }

    /// <summary>RFC 3339 in seconds, as metav1.Time marshals; kept verbatim for entries a write does not touch.</summary>
    public string? Time { get; set; }

    public string? Subresource { get; init; }

    public FieldSet Fields { get; set; } = new();

    /// <summary>
    /// Whether this entry belongs to the writer. The apiserver keys entries by manager, operation and
    /// subresource, plus apiVersion for updates (an applier keeps one entry across versions).
    /// </summary>
    public bool Is(string manager, string operation, string? apiVersion, string? subresource) =>
        Manager == manager && Operation == operation && (Subresource ?? "") == (subresource ?? "")
        && (operation == ApplyOperation || ApiVersion == apiVersion);

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The entries of the object's metadata.managedFields (none for a null object).</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"] is not JsonObject metadata || metadata["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var item in list.OfType<JsonObject>())
        {
            entries.Add(new ManagedFieldsEntry
            {
                Manager = Text(item, "manager") ?? "",
                Operation = Text(item, "operation") ?? "",
                ApiVersion = Text(item, "apiVersion"),
                Time = Text(item, "time"),
                Subresource = Text(item, "subresource"),
                Fields = item["fieldsV1"] is JsonObject fields ? FieldSet.Parse(fields) : new FieldSet(),
            });
        }

        return entries;
    }

    /// <summary>
    /// Replaces the object's metadata.managedFields with the non-empty entries, in the apiserver's order:
    /// by operation, time, manager, apiVersion, subresource. No entries removes the field.
    /// </summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var kept = entries.Where(entry => !entry.Fields.IsEmpty)
            .OrderBy(entry => entry.Operation, StringComparer.Ordinal)
            .ThenBy(entry => ParseTime(entry.Time))
            .ThenBy(entry => entry.Manager, StringComparer.Ordinal)
            .ThenBy(entry => entry.ApiVersion ?? "", StringComparer.Ordinal)
            .ThenBy(entry => entry.Subresource ?? "", StringComparer.Ordinal)
            .Select(entry => (JsonNode)entry.ToJson())
            .ToArray();
        if (kept.Length == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = new JsonArray(kept);
        }
    }

    /// <summary>The entry in metav1.ManagedFieldsEntry's field order.</summary>
    private JsonObject ToJson()
    {
        var json = new JsonObject { ["manager"] = Manager, ["operation"] = Operation };
        if (ApiVersion is not null)
        {
            json["apiVersion"] = ApiVersion;
        }

        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToJson();
        if (!string.IsNullOrEmpty(Subresource))
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private static DateTimeOffset ParseTime(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MinValue;

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
