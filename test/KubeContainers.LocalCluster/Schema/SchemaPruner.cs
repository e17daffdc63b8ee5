using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Schema;

/// <summary>
/// Structural pruning as the apiextensions-apiserver does it on write: fields the schema does not
/// declare are dropped unless <c>x-kubernetes-preserve-unknown-fields</c> or <c>additionalProperties</c>
/// keep them. apiVersion, kind and metadata survive at the root and in embedded resources; metadata
/// itself is reduced to ObjectMeta's fields. The removed paths come back sorted, in the apiserver's
/// notation ("spec.foo", "spec.items[0].bar", "metadata.foo"), ready for <see cref="StrictDecodingError"/>
/// (fieldValidation=Strict) or <see cref="Warnings"/> (fieldValidation=Warn).
/// </summary>
public static class SchemaPruner
{
    private static readonly HashSet<string> TypeAndObjectMeta = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    private static readonly HashSet<string> ObjectMetaFields = new(StringComparer.Ordinal)
    {
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
        "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
        "ownerReferences", "finalizers", "managedFields",
    };

    /// <summary>Prunes <paramref name="value"/> (the whole object) in place and returns the removed paths.</summary>
    public static IReadOnlyList<string> Prune(JsonNode? value, JsonObject schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var removed = new List<string>();
        Prune(value, schema, string.Empty, isEmbedded: true, removed);
        removed.Sort(StringComparer.Ordinal);
        return removed;
    }

    /// <summary>The 400 message for fieldValidation=Strict: <c>strict decoding error: unknown field "spec.foo", ...</c>.</summary>
    public static string StrictDecodingError(IEnumerable<string> removedPaths) =>
        "strict decoding error: " + string.Join(", ", Warnings(removedPaths));

    /// <summary>The warnings for fieldValidation=Warn: one <c>unknown field "spec.foo"</c> per path.</summary>
    public static IReadOnlyList<string> Warnings(IEnumerable<string> removedPaths) =>
        removedPaths.Select(p => $"unknown field \"{p}\"").ToList();

    private static string Key(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    private static void Prune(JsonNode? value, JsonObject? schema, string path, bool isEmbedded, List<string> removed)
    {
        if (schema is not null && SchemaKeywords.PreservesUnknownFields(schema))
        {
            SkipPrune(value, schema, path, isEmbedded, removed);
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (isEmbedded && TypeAndObjectMeta.Contains(key))
                    {
                        if (key == "metadata")
                        {
                            PruneObjectMeta(obj[key], Key(path, key), removed);
                        }

                        continue;
                    }

                    if (schema is not null && SchemaKeywords.Property(schema, key) is { } property)
                    {
                        Prune(obj[key], property, Key(path, key), SchemaKeywords.IsEmbeddedResource(property), removed);
                    }
                    else if (schema is not null && SchemaKeywords.AdditionalProperties(schema) is { } additional)
                    {
                        Prune(obj[key], additional, Key(path, key), SchemaKeywords.IsEmbeddedResource(additional), removed);
                    }
                    else
                    {
                        removed.Add(Key(path, key));
                        obj.Remove(key);
                    }
                }

                break;
            case JsonArray array:
                var items = schema is null ? null : SchemaKeywords.Items(schema);
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, $"{path}[{i}]", items is not null && SchemaKeywords.IsEmbeddedResource(items), removed);
                }

                break;
        }
    }

    /// <summary>Under preserve-unknown-fields only declared children are pruned further; unknown keys stay.</summary>
    private static void SkipPrune(JsonNode? value, JsonObject schema, string path, bool isEmbedded, List<string> removed)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (isEmbedded && TypeAndObjectMeta.Contains(key))
                    {
                        if (key == "metadata")
                        {
                            PruneObjectMeta(obj[key], Key(path, key), removed);
                        }

                        continue;
                    }

                    if (SchemaKeywords.Property(schema, key) is { } property)
                    {
                        Prune(obj[key], property, Key(path, key), SchemaKeywords.IsEmbeddedResource(property), removed);
                    }
                    else if (SchemaKeywords.AdditionalProperties(schema) is { } additional)
                    {
                        Prune(obj[key], additional, Key(path, key), SchemaKeywords.IsEmbeddedResource(additional), removed);
                    }
                }

                break;
            case JsonArray array when SchemaKeywords.Items(schema) is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    SkipPrune(array[i], items, $"{path}[{i}]", SchemaKeywords.IsEmbeddedResource(items), removed);
                }

                break;
        }
    }

    private static void PruneObjectMeta(JsonNode? metadata, string path, List<string> removed)
    {
        if (metadata is not JsonObject meta)
        {
            return;
        }

        foreach (var key in meta.Select(p => p.Key).Where(k => !ObjectMetaFields.Contains(k)).ToList())
        {
            removed.Add(Key(path, key));
            meta.Remove(key);
        }
    }
}
