using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>Identifies list elements for server-side apply and managed fields.</summary>
internal static class ListElements
{
    /// <summary>
    /// The path element naming each element (<c>k:{...}</c> or <c>v:...</c>), or null when the list is
    /// treated as one atomic value: its schema says so, or an element cannot be keyed or is duplicated
    /// (structured-merge-diff rejects such lists; treating them atomically keeps the write working).
    /// </summary>
    public static string[]? Keys(JsonArray list, SchemaNode schema)
    {
        var type = schema.ListType;
        if (type == ListType.Atomic)
        {
            return null;
        }

        var keys = new string[list.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var key = type == ListType.Map ? MapKey(list[i], schema.ListMapKeys) : SetKey(list[i]);
            if (key is null || !seen.Add(key))
            {
                return null;
            }

            keys[i] = key;
        }

        return keys;
    }

    private static string? MapKey(JsonNode? element, IReadOnlyList<ListMapKey> keys)
    {
        if (element is not JsonObject obj || keys.Count == 0)
        {
            return null;
        }

        var fields = new JsonObject();
        foreach (var key in keys.OrderBy(key => key.Name, StringComparer.Ordinal))
        {
            if (obj.TryGetPropertyValue(key.Name, out var value) && value is JsonValue)
            {
                fields[key.Name] = value.DeepClone();
            }
            else if (key.Default is not null)
            {
                fields[key.Name] = key.Default;
            }
            else
            {
                return null;
            }
        }

        return FieldPath.Key(fields);
    }

    private static string? SetKey(JsonNode? element) => element is JsonValue value ? FieldPath.Value(value) : null;
}
