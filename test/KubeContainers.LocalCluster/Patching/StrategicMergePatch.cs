using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) for built-in kinds, following
/// apimachinery's strategicpatch apply side: lists tagged <c>patchStrategy:"merge"</c> merge by their
/// <c>patchMergeKey</c> (lists of scalars merge as sets), other lists are replaced, objects merge per key,
/// null deletes. Directives: <c>$patch</c> (replace, delete, merge) in objects and list elements,
/// <c>$retainKeys</c>, <c>$deleteFromPrimitiveList/&lt;field&gt;</c> and <c>$setElementOrder/&lt;field&gt;</c>.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    /// <summary>
    /// Whether the kind is built in. The apiserver answers 415 Unsupported Media Type to a strategic merge
    /// patch for anything else (custom resources), since it has no merge keys for them.
    /// </summary>
    public static bool Supports(string apiVersion, string kind) => PatchStrategies.RootType(apiVersion, kind) is not null;

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="original"/> and returns the merged object.
    /// Neither input is mutated. Throws <see cref="PatchException"/> for a malformed patch or a kind that
    /// <see cref="Supports"/> rejects.
    /// </summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, string apiVersion, string kind)
    {
        var rootType = PatchStrategies.RootType(apiVersion, kind)
            ?? throw new PatchException("strategic merge patch format is not supported");
        return MergeObject((JsonObject)original.DeepClone(), (JsonObject)patch.DeepClone(), SchemaNode.ForType(rootType));
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/>; both are private copies and may be changed.</summary>
    private static JsonObject MergeObject(JsonObject original, JsonObject patch, SchemaNode schema)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directive))
        {
            switch (Text(directive))
            {
                case "replace":
                    patch.Remove(PatchDirective);
                    return (JsonObject)Clean(patch)!;
                case "delete":
                    // Upstream answers an empty object rather than removing the field.
                    return new JsonObject();
                case "merge":
                    // Upstream rejects an explicit merge in a map; it is the default, so accept it.
                    patch.Remove(PatchDirective);
                    break;
                default:
                    throw new PatchException($"unknown patch type: {directive?.ToJsonString()} in map: {patch.ToJsonString()}");
            }
        }

        ApplyRetainKeys(original, patch);
        ApplySetElementOrder(original, patch, schema);

        foreach (var (key, value) in patch.ToList())
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, key, value);
                continue;
            }

            if (value is null)
            {
                original.Remove(key);
                continue;
            }

            original.TryGetPropertyValue(key, out var current);
            var field = schema.Field(key);
            var merged = (current, value) switch
            {
                (JsonObject currentObject, JsonObject patchObject) => MergeObject(currentObject, patchObject, field),
                (JsonArray currentList, JsonArray patchList) when field.PatchMerge => MergeList(currentList, patchList, field),
                _ => Clean(value),
            };

            if (merged is null)
            {
                // A map carrying a $patch directive where the original has no map: nothing to keep.
                original.Remove(key);
            }
            else if (!ReferenceEquals(merged, current))
            {
                original[key] = merged;
            }
        }

        return original;
    }

    private static JsonArray MergeList(JsonArray original, JsonArray patch, SchemaNode field)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return [];
        }

        var items = original.Select(item => item?.DeepClone()).ToList();
        if (!HoldsObjects(original, patch, field.Path))
        {
            // Scalars merge as a set; patch values come in patch order, the rest keep their live order.
            var merged = items.ToList();
            foreach (var value in patch)
            {
                if (!merged.Any(item => JsonNode.DeepEquals(item, value)))
                {
                    merged.Add(value?.DeepClone());
                }
            }

            return Arrange(merged, patch.ToList(), items, Identity(null));
        }

        var mergeKey = field.PatchMergeKey ?? throw new PatchException($"cannot merge lists without merge key for {field.Path}");
        var identity = Identity(mergeKey);
        var patchItems = new List<JsonNode?>();
        var replace = false;
        foreach (var element in patch)
        {
            var patchItem = (JsonObject)element!;
            if (!patchItem.TryGetPropertyValue(PatchDirective, out var directive))
            {
                patchItems.Add(patchItem);
                continue;
            }

            switch (Text(directive))
            {
                case "delete":
                    var keyValue = KeyOf(patchItem, mergeKey);
                    items.RemoveAll(item => JsonNode.DeepEquals(identity(item), keyValue));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw new PatchException("merging lists cannot yet be specified in the patch");
                default:
                    throw new PatchException($"unknown patch type: {directive?.ToJsonString()} in map: {patchItem.ToJsonString()}");
            }
        }

        if (replace)
        {
            return new JsonArray(patchItems.Select(Clean).ToArray());
        }

        var serverOrder = items.ToList();
        var result = items.ToList();
        foreach (var patchItem in patchItems.Cast<JsonObject>())
        {
            var keyValue = KeyOf(patchItem, mergeKey);
            var index = result.FindIndex(item => JsonNode.DeepEquals(identity(item), keyValue));
            if (index < 0)
            {
                result.Add(Clean(patchItem));
            }
            else
            {
                result[index] = result[index] is JsonObject live ? MergeObject(live, patchItem, field.Element()) : Clean(patchItem);
            }
        }

        return Arrange(result, patchItems, serverOrder, identity);
    }

    /// <summary>
    /// Orders a merged list like upstream's normalizeElementOrder: elements named by
    /// <paramref name="patchOrder"/> follow that order, the others keep their live order, and the two runs
    /// are interleaved by live position where both elements exist live (new elements go first).
    /// </summary>
    private static JsonArray Arrange(List<JsonNode?> merged, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder, Func<JsonNode?, JsonNode?> identity)
    {
        int Position(List<JsonNode?> list, JsonNode? item) => list.FindIndex(candidate => JsonNode.DeepEquals(identity(candidate), identity(item)));

        var fromPatch = merged.Where(item => Position(patchOrder, item) >= 0).OrderBy(item => Position(patchOrder, item)).ToList();
        var serverOnly = merged.Where(item => Position(patchOrder, item) < 0).OrderBy(item => Position(serverOrder, item)).ToList();

        var arranged = new JsonArray();
        int left = 0, right = 0;
        while (left < serverOnly.Count || right < fromPatch.Count)
        {
            var takeLeft = right >= fromPatch.Count
                || left < serverOnly.Count
                && Position(serverOrder, serverOnly[left]) is var leftAt and >= 0
                && Position(serverOrder, fromPatch[right]) is var rightAt and >= 0
                && leftAt < rightAt;
            arranged.Add(takeLeft ? serverOnly[left++] : fromPatch[right++]);
        }

        return arranged;
    }

    /// <summary>Clears the original's fields missing from <c>$retainKeys</c>, as the patch asks.</summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retainNode))
        {
            return;
        }

        patch.Remove(RetainKeysDirective);

        if (retainNode is not JsonArray retainList || retainList.Any(name => Text(name) is null))
        {
            throw new PatchException("invalid patch format of retainKeys");
        }

        var retain = retainList.Select(name => Text(name)!).ToHashSet(StringComparer.Ordinal);
        var unlisted = patch.Any(member => member.Value is not null
            && !member.Key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
            && !member.Key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)
            && !retain.Contains(member.Key));
        if (unlisted)
        {
            throw new PatchException("invalid patch format of retainKeys");
        }

        foreach (var key in original.Select(member => member.Key).Where(key => !retain.Contains(key)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// Handles every <c>$setElementOrder/&lt;field&gt;</c>: merges the field's list (if patched) and orders
    /// the result by the directive, keeping elements it does not name at their live positions.
    /// </summary>
    private static void ApplySetElementOrder(JsonObject original, JsonObject patch, SchemaNode schema)
    {
        foreach (var (key, orderNode) in patch.Where(member => member.Key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)).ToList())
        {
            patch.Remove(key);
            var name = key[SetElementOrderPrefix.Length..];
            if (name.Length == 0 || orderNode is not JsonArray order)
            {
                throw new PatchException("invalid patch format of setElementOrder list");
            }

            var field = schema.Field(name);
            original.TryGetPropertyValue(name, out var originalNode);
            patch.TryGetPropertyValue(name, out var patchNode);
            var originalList = originalNode as JsonArray;
            var patchList = patchNode as JsonArray;
            var mergeKey = field.PatchMergeKey;
            if (patchList is not null)
            {
                ValidateOrder(patchList, order, mergeKey);
            }

            var merged = (originalList, patchList) switch
            {
                (not null, not null) when field.PatchMerge => MergeList(originalList, patchList, field),
                (_, not null) => (JsonArray)Clean(patchList)!,
                (not null, null) => originalList,
                _ => null,
            };
            if (merged is null)
            {
                continue;
            }

            patch.Remove(name);
            var items = merged.Select(item => item?.DeepClone()).ToList();
            var canArrange = mergeKey is null ? items.All(item => item is not JsonObject) : items.All(item => item is JsonObject obj && obj.ContainsKey(mergeKey));
            original[name] = canArrange
                ? Arrange(items, order.ToList(), originalList?.ToList() ?? [], Identity(mergeKey))
                : new JsonArray(items.ToArray());
        }
    }

    /// <summary>Upstream requires the patched elements to appear in <c>$setElementOrder</c> in the same relative order.</summary>
    private static void ValidateOrder(JsonArray patchList, JsonArray order, string? mergeKey)
    {
        var identity = Identity(mergeKey);
        var wanted = patchList.Where(item => item is not JsonObject obj || !obj.ContainsKey(PatchDirective)).Select(identity).ToList();
        var next = 0;
        foreach (var item in order)
        {
            if (next < wanted.Count && JsonNode.DeepEquals(identity(item), wanted[next]))
            {
                next++;
            }
        }

        if (next < wanted.Count)
        {
            throw new PatchException($"The order in patch list:\n{patchList.ToJsonString()}\n doesn't match {SetElementOrderPrefix} list:\n{order.ToJsonString()}");
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string key, JsonNode? value)
    {
        var name = key[DeleteFromPrimitiveListPrefix.Length..];
        if (name.Length == 0 || value is not JsonArray deletions)
        {
            throw new PatchException("invalid patch format of primitive list");
        }

        if (original[name] is not JsonArray list)
        {
            return;
        }

        var kept = list.Where(item => !deletions.Any(deletion => JsonNode.DeepEquals(item, deletion))).Select(item => item?.DeepClone()).ToArray();
        if (kept.Length == 0)
        {
            // An emptied list vanishes like an empty omitempty slice when the apiserver re-encodes the object.
            original.Remove(name);
        }
        else
        {
            original[name] = new JsonArray(kept);
        }
    }

    /// <summary>Whether the list elements are objects; mixed or nested lists are rejected as upstream does.</summary>
    private static bool HoldsObjects(JsonArray original, JsonArray patch, string path)
    {
        var objects = 0;
        var scalars = 0;
        foreach (var item in original.Concat(patch))
        {
            switch (item)
            {
                case JsonArray:
                    throw new PatchException("lists of lists are not supported");
                case JsonObject:
                    objects++;
                    break;
                default:
                    scalars++;
                    break;
            }
        }

        if (objects > 0 && scalars > 0)
        {
            throw new PatchException($"list element types are not identical: {path}");
        }

        return objects > 0;
    }

    private static Func<JsonNode?, JsonNode?> Identity(string? mergeKey) =>
        mergeKey is null ? item => item : item => item is JsonObject obj ? obj[mergeKey] : null;

    private static JsonNode KeyOf(JsonObject item, string mergeKey) =>
        item.TryGetPropertyValue(mergeKey, out var value) && value is not null
            ? value
            : throw new PatchException($"map: {item.ToJsonString()} does not contain declared merge key: {mergeKey}");

    /// <summary>
    /// A copy of a patch value as it ends up in the object: directives, nulls and maps carrying
    /// <c>$patch</c> removed (upstream drops those when decoding into the Go type). Null for such a map.
    /// </summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj when obj.ContainsKey(PatchDirective):
                return null;
            case JsonObject obj:
                var cleaned = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (value is null || key == RetainKeysDirective
                        || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)
                        || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    if (Clean(value) is { } child)
                    {
                        cleaned[key] = child;
                    }
                }

                return cleaned;
            case JsonArray array:
                return new JsonArray(array.Where(item => item is not JsonObject obj || !obj.ContainsKey(PatchDirective)).Select(Clean).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
