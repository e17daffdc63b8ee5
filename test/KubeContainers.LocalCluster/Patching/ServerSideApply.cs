using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// Server-side apply (<c>application/apply-patch+yaml</c>) following structured-merge-diff: the applied
/// configuration is merged into the live object, fields this manager applied last time but no longer
/// applies are removed unless someone else owns them, and changing a field another manager owns is a
/// conflict unless forced (forcing takes the field over). See README.md for the simplifications.
/// </summary>
public static class ServerSideApply
{
    /// <summary>The manager the apiserver gives the existing fields of an object that has no managedFields yet.</summary>
    private const string BeforeFirstApply = "before-first-apply";

    /// <summary>
    /// Applies <paramref name="applied"/> (already decoded from YAML) for <paramref name="manager"/> to
    /// <paramref name="live"/> (null: create). Neither input is mutated. The result holds either the new
    /// object, whose managedFields give this manager an Apply entry with exactly the applied fields, or
    /// the conflicts. <paramref name="listMapKeys"/> describes custom resource lists: given a dotted field
    /// path (<c>spec.items[].ports</c>) it answers the list-map keys, an empty array for a set, or null for
    /// an atomic list; built-in kinds use the strategic merge table.
    /// </summary>
    public static ApplyResult Apply(
        JsonObject? live,
        JsonObject applied,
        string manager,
        bool force,
        string? subresource,
        DateTimeOffset now,
        Func<string, string[]?>? listMapKeys = null)
    {
        var schema = SchemaNode.ForObject(applied, listMapKeys);
        var config = (JsonObject)applied.DeepClone();
        (config["metadata"] as JsonObject)?.Remove("managedFields");

        var entries = ManagedFieldsEntry.Read(live);
        if (live is not null && entries.Count == 0)
        {
            entries.Add(new ManagedFieldsEntry
            {
                Manager = BeforeFirstApply,
                Operation = "Update",
                ApiVersion = Text(live, "apiVersion"),
                Time = ManagedFieldsEntry.FormatTime(now),
                Fields = FieldSetBuilder.Applied(live, schema),
            });
        }

        var apiVersion = Text(applied, "apiVersion");
        var previous = entries.Find(entry => entry.Is(manager, ManagedFieldsEntry.ApplyOperation, apiVersion, subresource));
        var others = entries.Where(entry => entry != previous).ToList();
        var appliedFields = FieldSetBuilder.Applied(config, schema);

        var merged = ApplyMerge.Merge(live, config, schema);
        if (previous is not null)
        {
            var kept = others.Aggregate(appliedFields, (union, entry) => union.Union(entry.Fields));
            foreach (var path in previous.Fields.Difference(appliedFields).Paths())
            {
                if (!kept.ContainsAtOrBelow(path))
                {
                    FieldRemover.Remove(merged, path, schema, kept);
                }
            }
        }

        var comparison = FieldSetBuilder.Compare(live, merged, schema);
        var changed = comparison.Added.Union(comparison.Modified);
        var conflicts = others
            .OrderBy(entry => entry.Manager, StringComparer.Ordinal)
            .ThenBy(entry => entry.Operation, StringComparer.Ordinal)
            .SelectMany(entry => entry.Fields.Intersection(changed).Paths()
                .Select(path => new ApplyConflict(entry.Manager, entry.Operation, entry.ApiVersion, entry.Subresource, FieldPath.Format(path))))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            return ApplyResult.Conflicted(conflicts);
        }

        foreach (var entry in others)
        {
            entry.Fields = entry.Fields.Difference(changed).Difference(comparison.Removed);
        }

        // A no-op apply leaves the manager's timestamp alone, as the apiserver does.
        var unchanged = previous is not null && previous.Fields.SetEquals(appliedFields) && SameContent(live, merged);
        var own = previous ?? new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.ApplyOperation, Subresource = subresource };
        if (previous is null)
        {
            entries.Add(own);
        }

        own.ApiVersion = apiVersion;
        own.Fields = appliedFields;
        if (!unchanged)
        {
            own.Time = ManagedFieldsEntry.FormatTime(now);
        }

        ManagedFieldsEntry.Write(merged, entries);
        return ApplyResult.Applied(merged);
    }

    private static bool SameContent(JsonObject? live, JsonObject merged)
    {
        if (live is null)
        {
            return false;
        }

        var before = (JsonObject)live.DeepClone();
        var after = (JsonObject)merged.DeepClone();
        (before["metadata"] as JsonObject)?.Remove("managedFields");
        (after["metadata"] as JsonObject)?.Remove("managedFields");
        return JsonNode.DeepEquals(before, after);
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
