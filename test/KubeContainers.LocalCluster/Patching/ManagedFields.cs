using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// Field ownership for ordinary writes (create, update, patch), tracked in <c>metadata.managedFields</c>
/// the way the apiserver's field manager does for operation "Update".
/// </summary>
public static class ManagedFields
{
    /// <summary>
    /// Records the write that turned <paramref name="oldObject"/> (null on create) into
    /// <paramref name="newObject"/>: every field the write added or changed becomes owned by
    /// <paramref name="manager"/> and is taken from the other managers, removed fields leave every
    /// manager, and empty entries are dropped. The writer's entry gets <paramref name="now"/> as its time
    /// only when the write took fields. Mutates <paramref name="newObject"/>'s metadata.managedFields.
    /// The managers start from the managedFields the client sent in <paramref name="newObject"/> when
    /// there are any (so clients can edit them, as upstream allows for the main resource), else from
    /// <paramref name="oldObject"/>. <paramref name="listMapKeys"/> describes custom resource lists:
    /// given a dotted field path (<c>spec.items[].ports</c>) it answers the list-map keys, an empty array
    /// for a set, or null for an atomic list.
    /// </summary>
    public static void RecordUpdate(
        JsonObject? oldObject,
        JsonObject newObject,
        string manager,
        string operation,
        string? subresource,
        DateTimeOffset now,
        Func<string, string[]?>? listMapKeys = null)
    {
        var sent = subresource is null ? ManagedFieldsEntry.Read(newObject) : [];
        var entries = sent.Count > 0 ? sent : ManagedFieldsEntry.Read(oldObject);
        var comparison = FieldSetBuilder.Compare(oldObject, newObject, SchemaNode.ForObject(newObject, listMapKeys));
        var taken = comparison.Added.Union(comparison.Modified);
        foreach (var entry in entries)
        {
            entry.Fields = entry.Fields.Difference(taken).Difference(comparison.Removed);
        }

        if (!taken.IsEmpty)
        {
            var apiVersion = newObject["apiVersion"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            var own = entries.Find(entry => entry.Is(manager, operation, apiVersion, subresource));
            if (own is null)
            {
                own = new ManagedFieldsEntry { Manager = manager, Operation = operation, ApiVersion = apiVersion, Subresource = subresource };
                entries.Add(own);
            }

            own.Fields = own.Fields.Union(taken);
            own.Time = ManagedFieldsEntry.FormatTime(now);
        }

        ManagedFieldsEntry.Write(newObject, entries);
    }
}
