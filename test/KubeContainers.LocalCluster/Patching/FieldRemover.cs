using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>Removes the value at a managed-fields path from an object (server-side apply pruning).</summary>
internal static class FieldRemover
{
    /// <summary>
    /// Removes the value at <paramref name="path"/>, then any object or list the removal left empty, up to
    /// (not including) the top-level fields, unless <paramref name="kept"/> still claims it. Key fields of a
    /// list element are never removed on their own: the element would lose its identity.
    /// </summary>
    public static void Remove(JsonObject root, IReadOnlyList<string> path, SchemaNode schema, FieldSet kept)
    {
        if (path.Count == 0 || path.Count >= 2 && FieldPath.KeyFieldNames(path[^2]).Any(name => path[^1] == FieldPath.Field(name)))
        {
            return;
        }

        var containers = new List<(JsonNode Node, SchemaNode Schema)> { (root, schema) };
        for (var depth = 0; depth < path.Count - 1; depth++)
        {
            var (node, nodeSchema) = containers[^1];
            if (Child(node, path[depth], nodeSchema) is not ({ } child, var childSchema))
            {
                return;
            }

            containers.Add((child, childSchema));
        }

        if (!Detach(containers[^1].Node, path[^1], containers[^1].Schema))
        {
            return;
        }

        for (var depth = path.Count - 1; depth >= 2; depth--)
        {
            var (node, _) = containers[depth];
            var empty = node is JsonObject { Count: 0 } || node is JsonArray { Count: 0 };
            if (!empty || kept.ContainsAtOrBelow(path.Take(depth).ToArray()))
            {
                return;
            }

            Detach(containers[depth - 1].Node, path[depth - 1], containers[depth - 1].Schema);
        }
    }

    private static (JsonNode? Node, SchemaNode Schema) Child(JsonNode node, string element, SchemaNode schema)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            var name = element[2..];
            return node is JsonObject obj && obj.TryGetPropertyValue(name, out var value) ? (value, schema.Field(name)) : (null, schema);
        }

        return node is JsonArray list && ListElements.Keys(list, schema) is { } keys && Array.IndexOf(keys, element) is var index and >= 0
            ? (list[index], schema.Element())
            : (null, schema);
    }

    private static bool Detach(JsonNode node, string element, SchemaNode schema)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            return node is JsonObject obj && obj.Remove(element[2..]);
        }

        if (node is JsonArray list && ListElements.Keys(list, schema) is { } keys && Array.IndexOf(keys, element) is var index and >= 0)
        {
            list.RemoveAt(index);
            return true;
        }

        return false;
    }
}
