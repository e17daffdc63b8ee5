using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// Computes field sets from objects: the fields an applied configuration sets, and the fields a write
/// added, modified or removed. Fields the apiserver never tracks (apiVersion, kind and the
/// server-maintained metadata) are skipped.
/// </summary>
internal static class FieldSetBuilder
{
    private static readonly HashSet<string> UntrackedMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion",
    };

    /// <summary>
    /// The fields set by an applied configuration (structured-merge-diff's ToFieldSet): scalars, atomic
    /// values, empty objects and nulls are members; list elements are members ("." in FieldsV1) and
    /// contribute their fields; objects with content only contribute their fields.
    /// </summary>
    public static FieldSet Applied(JsonObject config, SchemaNode schema)
    {
        var set = new FieldSet();
        AppliedFields(config, [], schema, set);
        return set;
    }

    /// <summary>
    /// Compares two versions of an object. Added includes the node of every object, list and element
    /// that did not exist before (the "." entries of an Update), except structs the Go zero value
    /// already has; Modified holds changed scalars and atomic values.
    /// </summary>
    public static Comparison Compare(JsonObject? before, JsonObject after, SchemaNode schema)
    {
        var comparison = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
        CompareFields(before ?? [], after, [], schema, comparison);
        return comparison;
    }

    private static void AppliedFields(JsonObject obj, string[] path, SchemaNode schema, FieldSet set)
    {
        foreach (var (name, value) in obj)
        {
            if (Untracked(path, name))
            {
                continue;
            }

            string[] childPath = [.. path, FieldPath.Field(name)];
            var field = schema.Field(name);
            if (path.Length == 0 && name == "metadata" && value is JsonObject metadata)
            {
                // metadata itself is never owned, even when applied empty.
                AppliedFields(metadata, childPath, field, set);
                continue;
            }

            AppliedValue(value, childPath, field, set);
        }
    }

    private static void AppliedValue(JsonNode? value, string[] path, SchemaNode schema, FieldSet set)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count > 0 && !schema.Atomic:
                AppliedFields(obj, path, schema, set);
                break;
            case JsonArray list when ListElements.Keys(list, schema) is { } keys:
                var element = schema.Element();
                for (var i = 0; i < list.Count; i++)
                {
                    string[] elementPath = [.. path, keys[i]];
                    set.Insert(elementPath);
                    if (list[i] is JsonObject item && !element.Atomic)
                    {
                        AppliedFields(item, elementPath, element, set);
                    }
                }

                break;
            default:
                set.Insert(path);
                break;
        }
    }

    private static void CompareFields(JsonObject before, JsonObject after, string[] path, SchemaNode schema, Comparison comparison)
    {
        var names = after.Select(member => member.Key).Concat(before.Select(member => member.Key).Where(name => !after.ContainsKey(name))).ToList();
        foreach (var name in names)
        {
            if (Untracked(path, name))
            {
                continue;
            }

            var existed = before.TryGetPropertyValue(name, out var oldValue);
            var exists = after.TryGetPropertyValue(name, out var newValue);
            CompareValue(existed, oldValue, exists, newValue, [.. path, FieldPath.Field(name)], schema.Field(name), comparison);
        }
    }

    private static void CompareValue(bool existed, JsonNode? before, bool exists, JsonNode? after, string[] path, SchemaNode schema, Comparison comparison)
    {
        if (!existed)
        {
            Everything(after, path, schema, comparison.Added, includeSelf: !schema.InZeroValue);
            return;
        }

        if (!exists)
        {
            Everything(before, path, schema, comparison.Removed, includeSelf: true);
            return;
        }

        switch (before, after)
        {
            case (JsonObject oldObject, JsonObject newObject) when !schema.Atomic:
                CompareFields(oldObject, newObject, path, schema, comparison);
                return;
            case (JsonArray oldList, JsonArray newList)
                when ListElements.Keys(oldList, schema) is { } oldKeys && ListElements.Keys(newList, schema) is { } newKeys:
                CompareElements(oldList, oldKeys, newList, newKeys, path, schema.Element(), comparison);
                return;
        }

        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        comparison.Modified.Insert(path);
        // A value that changed shape (scalar to object, keyed list to atomic list) also gains or loses its children.
        Children(before, path, schema, comparison.Removed);
        Children(after, path, schema, comparison.Added);
    }

    private static void CompareElements(JsonArray before, string[] beforeKeys, JsonArray after, string[] afterKeys, string[] path, SchemaNode element, Comparison comparison)
    {
        var oldByKey = beforeKeys.Select((key, index) => (key, index)).ToDictionary(pair => pair.key, pair => before[pair.index], StringComparer.Ordinal);
        var newByKey = afterKeys.Select((key, index) => (key, index)).ToDictionary(pair => pair.key, pair => after[pair.index], StringComparer.Ordinal);
        foreach (var key in afterKeys.Concat(beforeKeys.Where(key => !newByKey.ContainsKey(key))))
        {
            var existed = oldByKey.TryGetValue(key, out var oldItem);
            var exists = newByKey.TryGetValue(key, out var newItem);
            CompareValue(existed, oldItem, exists, newItem, [.. path, key], element, comparison);
        }
    }

    /// <summary>Adds the node (if asked, and always for leaves) and every path below it.</summary>
    private static void Everything(JsonNode? value, string[] path, SchemaNode schema, FieldSet set, bool includeSelf)
    {
        if (includeSelf || !IsContainer(value, schema))
        {
            set.Insert(path);
        }

        Children(value, path, schema, set);
    }

    private static void Children(JsonNode? value, string[] path, SchemaNode schema, FieldSet set)
    {
        switch (value)
        {
            case JsonObject obj when !schema.Atomic:
                foreach (var (name, child) in obj)
                {
                    if (!Untracked(path, name))
                    {
                        var field = schema.Field(name);
                        Everything(child, [.. path, FieldPath.Field(name)], field, set, includeSelf: !field.InZeroValue);
                    }
                }

                break;
            case JsonArray list when ListElements.Keys(list, schema) is { } keys:
                var element = schema.Element();
                for (var i = 0; i < list.Count; i++)
                {
                    Everything(list[i], [.. path, keys[i]], element, set, includeSelf: true);
                }

                break;
        }
    }

    private static bool IsContainer(JsonNode? value, SchemaNode schema) => value switch
    {
        JsonObject => !schema.Atomic,
        JsonArray list => ListElements.Keys(list, schema) is not null,
        _ => false,
    };

    private static bool Untracked(string[] path, string name) => path.Length switch
    {
        0 => name is "apiVersion" or "kind",
        1 => path[0] == "f:metadata" && UntrackedMetadata.Contains(name),
        _ => false,
    };
}
