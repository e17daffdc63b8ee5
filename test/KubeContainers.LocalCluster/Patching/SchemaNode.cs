using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// A position in an object's schema while walking it: which table type describes the fields here, how
/// the value here merges, and the dotted path (<c>spec.template.spec.containers[].ports</c>) under which
/// the caller's hook is asked about list types of fields the table does not know (custom resources).
/// </summary>
internal sealed class SchemaNode
{
    private readonly string? type;
    private readonly FieldStrategy? strategy;
    private readonly string path;
    private readonly Func<string, string[]?>? listMapKeys;

    private SchemaNode(string? type, FieldStrategy? strategy, string path, Func<string, string[]?>? listMapKeys)
    {
        this.type = type;
        this.strategy = strategy;
        this.path = path;
        this.listMapKeys = listMapKeys;
    }

    /// <summary>The dotted path of this node, "" at the root.</summary>
    public string Path => path;

    public bool PatchMerge => strategy?.PatchMerge == true;

    public string? PatchMergeKey => strategy?.PatchMergeKey;

    public bool Atomic => strategy?.Atomic == true || PatchStrategies.IsAtomicType(type);

    public bool InZeroValue => strategy?.InZeroValue == true;

    public ListType ListType => strategy is not null ? strategy.ListType : HookKeys() switch
    {
        null => ListType.Atomic,
        [] => ListType.Set,
        _ => ListType.Map,
    };

    public IReadOnlyList<ListMapKey> ListMapKeys => strategy is not null
        ? strategy.ListMapKeys
        : HookKeys()?.Select(name => new ListMapKey(name)).ToArray() ?? [];

    /// <summary>The schema of a built-in kind; the caller checked that the kind is known.</summary>
    public static SchemaNode ForType(string rootType) => new(rootType, null, "", null);

    /// <summary>The schema of the object's kind, read from its apiVersion and kind.</summary>
    public static SchemaNode ForObject(JsonObject obj, Func<string, string[]?>? listMapKeys)
    {
        var rootType = PatchStrategies.RootType(Text(obj, "apiVersion"), Text(obj, "kind")) ?? PatchStrategies.CustomResource;
        return new SchemaNode(rootType, null, "", listMapKeys);
    }

    public SchemaNode Field(string name)
    {
        var field = PatchStrategies.Field(type, name);
        return new SchemaNode(field?.Type, field, path.Length == 0 ? name : $"{path}.{name}", listMapKeys);
    }

    /// <summary>The schema of each element of the list at this node.</summary>
    public SchemaNode Element() => new(type, null, $"{path}[]", listMapKeys);

    private string[]? HookKeys() => listMapKeys?.Invoke(path);

    private static string Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";
}
