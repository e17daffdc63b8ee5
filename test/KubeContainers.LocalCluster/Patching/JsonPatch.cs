using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// JSON patch (RFC 6902), what the apiserver applies for <c>application/json-patch+json</c>. The
/// apiserver uses evanphx/json-patch v4; its error messages and its one lenient quirk are kept:
/// <c>replace</c> of a member missing from an existing object adds the member instead of failing.
/// </summary>
public static class JsonPatch
{
    private const string Missing = "missing value";
    private const string InvalidIndex = "invalid index referenced";

    /// <summary>
    /// Applies the operations in order to a copy of <paramref name="target"/> and returns the result.
    /// Throws <see cref="PatchException"/> for the first operation that does not apply.
    /// </summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var node in operations)
        {
            if (node is not JsonObject operation)
            {
                throw new PatchException($"invalid JSON patch operation: {node?.ToJsonString() ?? "null"}");
            }

            var kind = StringMember(operation, "op");
            document = kind switch
            {
                "add" => Add(document, operation),
                "remove" => Remove(document, operation),
                "replace" => Replace(document, operation),
                "move" => Move(document, operation),
                "copy" => Copy(document, operation),
                "test" => Test(document, operation),
                _ => throw new PatchException($"Unexpected kind: {kind ?? "unknown"}"),
            };
        }

        return document;
    }

    private static JsonNode Add(JsonNode document, JsonObject operation)
    {
        var path = PathOf(operation);
        var tokens = JsonPointer.Parse(path);
        var value = ValueOf(operation);
        if (tokens.Length == 0)
        {
            return value ?? throw new PatchException($"add operation does not apply: doc is missing path: \"{path}\": {Missing}");
        }

        var container = Container(document, tokens)
            ?? throw new PatchException($"add operation does not apply: doc is missing path: \"{path}\": {Missing}");
        var error = Insert(container, tokens[^1], value);
        return error is null ? document : throw new PatchException($"error in add for path: '{path}': {error}");
    }

    private static JsonNode Remove(JsonNode document, JsonObject operation)
    {
        var path = PathOf(operation);
        var tokens = JsonPointer.Parse(path);
        var container = tokens.Length == 0 ? null : Container(document, tokens);
        if (container is null)
        {
            throw new PatchException($"remove operation does not apply: doc is missing path: \"{path}\": {Missing}");
        }

        var error = Delete(container, tokens[^1]);
        return error is null ? document : throw new PatchException($"error in remove for path: '{path}': {error}");
    }

    private static JsonNode Replace(JsonNode document, JsonObject operation)
    {
        var path = PathOf(operation);
        var tokens = JsonPointer.Parse(path);
        var value = ValueOf(operation);
        if (tokens.Length == 0)
        {
            return value is JsonObject or JsonArray
                ? value
                : throw new PatchException("replace operation value must be object or array");
        }

        var container = Container(document, tokens)
            ?? throw new PatchException($"replace operation does not apply: doc is missing path: {path}: {Missing}");
        switch (container)
        {
            case JsonObject obj:
                // evanphx/json-patch v4 looks the key up without failing, so a missing member is added.
                obj[tokens[^1]] = value;
                break;
            case JsonArray array when Index(tokens[^1], array.Count - 1) is int index:
                array[index] = value;
                break;
            default:
                throw new PatchException($"replace operation does not apply: doc is missing key: {path}: {Missing}");
        }

        return document;
    }

    private static JsonNode Move(JsonNode document, JsonObject operation)
    {
        var from = StringMember(operation, "from") ?? throw new PatchException($"operation, missing from field: {Missing}");
        var fromTokens = JsonPointer.Parse(from);
        var source = fromTokens.Length == 0 ? null : Container(document, fromTokens);
        if (source is null)
        {
            throw new PatchException($"move operation does not apply: doc is missing from path: {from}: {Missing}");
        }

        var key = fromTokens[^1];
        var value = Get(source, key, out _);
        var error = Delete(source, key);
        if (error is not null)
        {
            throw new PatchException($"error in move for path: '{key}': {error}");
        }

        var path = PathOf(operation);
        var tokens = JsonPointer.Parse(path);
        var target = tokens.Length == 0 ? null : Container(document, tokens);
        if (target is null)
        {
            throw new PatchException($"move operation does not apply: doc is missing destination path: {path}: {Missing}");
        }

        error = Insert(target, tokens[^1], value);
        return error is null ? document : throw new PatchException($"error in move for path: '{path}': {error}");
    }

    private static JsonNode Copy(JsonNode document, JsonObject operation)
    {
        var from = StringMember(operation, "from") ?? throw new PatchException($"operation, missing from field: {Missing}");
        var fromTokens = JsonPointer.Parse(from);
        var source = fromTokens.Length == 0 ? null : Container(document, fromTokens);
        if (source is null || !Has(source, fromTokens[^1]))
        {
            // evanphx copies a missing member as null; failing is the RFC behaviour and less surprising.
            throw new PatchException($"copy operation does not apply: doc is missing from path: {from}: {Missing}");
        }

        var value = Get(source, fromTokens[^1], out _);

        var path = PathOf(operation);
        var tokens = JsonPointer.Parse(path);
        var target = tokens.Length == 0 ? null : Container(document, tokens);
        if (target is null)
        {
            throw new PatchException($"copy operation does not apply: doc is missing destination path: {path}: {Missing}");
        }

        var error = Insert(target, tokens[^1], value?.DeepClone());
        return error is null ? document : throw new PatchException($"error while adding value during copy: {error}");
    }

    private static JsonNode Test(JsonNode document, JsonObject operation)
    {
        var path = PathOf(operation);
        var tokens = JsonPointer.Parse(path);
        var expected = ValueOf(operation);
        if (tokens.Length == 0)
        {
            return JsonNode.DeepEquals(document, expected)
                ? document
                : throw new PatchException($"testing value {path} failed: test failed");
        }

        var container = Container(document, tokens)
            ?? throw new PatchException($"test operation does not apply: is missing path: {path}: {Missing}");
        if (container is JsonArray array && Index(tokens[^1], array.Count - 1) is null)
        {
            throw new PatchException($"error in test for path: '{path}': Unable to access invalid index: {tokens[^1]}: {InvalidIndex}");
        }

        // A missing member compares equal to null, as in evanphx/json-patch.
        var actual = Get(container, tokens[^1], out _);
        return JsonNode.DeepEquals(actual, expected)
            ? document
            : throw new PatchException($"testing value {path} failed: test failed");
    }

    /// <summary>The object or array that holds the last token, or null when the path to it is missing.</summary>
    private static JsonNode? Container(JsonNode document, string[] tokens)
    {
        JsonNode? current = document;
        foreach (var token in tokens[..^1])
        {
            current = Get(current, token, out var found);
            if (!found)
            {
                return null;
            }
        }

        return current is JsonObject or JsonArray ? current : null;
    }

    private static JsonNode? Get(JsonNode? container, string token, out bool found)
    {
        found = false;
        switch (container)
        {
            case JsonObject obj:
                found = obj.TryGetPropertyValue(token, out var member);
                return member;
            case JsonArray array when Index(token, array.Count - 1) is int index:
                found = true;
                return array[index];
            default:
                return null;
        }
    }

    private static bool Has(JsonNode container, string token)
    {
        Get(container, token, out var found);
        return found;
    }

    /// <summary>Adds <paramref name="value"/> (which must have no parent) and returns an error text or null.</summary>
    private static string? Insert(JsonNode container, string token, JsonNode? value)
    {
        if (container is JsonObject obj)
        {
            obj[token] = value;
            return null;
        }

        var array = (JsonArray)container;
        if (token == "-")
        {
            array.Add(value);
            return null;
        }

        if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return $"value was not a proper array index: '{token}'";
        }

        if (index < 0 || index > array.Count)
        {
            return $"Unable to access invalid index: {index}: {InvalidIndex}";
        }

        array.Insert(index, value);
        return null;
    }

    /// <summary>Removes the member or element and returns an error text or null.</summary>
    private static string? Delete(JsonNode container, string token)
    {
        if (container is JsonObject obj)
        {
            return obj.Remove(token) ? null : $"Unable to remove nonexistent key: {token}: {Missing}";
        }

        var array = (JsonArray)container;
        if (Index(token, array.Count - 1) is not int index)
        {
            return $"Unable to access invalid index: {token}: {InvalidIndex}";
        }

        array.RemoveAt(index);
        return null;
    }

    private static int? Index(string token, int max) =>
        token.Length > 0 && token.All(char.IsAsciiDigit)
        && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= max
            ? index
            : null;

    private static string PathOf(JsonObject operation) =>
        StringMember(operation, "path") ?? throw new PatchException($"operation missing path field: {Missing}");

    private static JsonNode? ValueOf(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : null;

    private static string? StringMember(JsonObject operation, string name) =>
        operation.TryGetPropertyValue(name, out var value) && value?.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;
}
