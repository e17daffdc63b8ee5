using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Admission.Quota;

/// <summary>Upstream's quota helpers (pkg/quota/v1/resources.go) on name → quantity maps.</summary>
internal static class ResourceList
{
    public static Dictionary<string, ResourceQuantity> FromJson(JsonNode? node)
    {
        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        if (node is JsonObject map)
        {
            foreach (var (name, value) in map)
            {
                if (ResourceQuantity.Parse(value?.ToString()) is { } quantity)
                {
                    result[name] = quantity;
                }
            }
        }

        return result;
    }

    public static JsonObject ToJson(IReadOnlyDictionary<string, ResourceQuantity> list) =>
        new(list.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.ToString())));

    public static Dictionary<string, ResourceQuantity> Add(IReadOnlyDictionary<string, ResourceQuantity> a, IReadOnlyDictionary<string, ResourceQuantity> b)
    {
        var result = new Dictionary<string, ResourceQuantity>(a, StringComparer.Ordinal);
        foreach (var (name, quantity) in b)
        {
            result[name] = result.TryGetValue(name, out var existing) ? existing + quantity : quantity;
        }

        return result;
    }

    public static Dictionary<string, ResourceQuantity> Subtract(IReadOnlyDictionary<string, ResourceQuantity> a, IReadOnlyDictionary<string, ResourceQuantity> b)
    {
        var result = new Dictionary<string, ResourceQuantity>(a, StringComparer.Ordinal);
        foreach (var (name, quantity) in b)
        {
            result[name] = result.TryGetValue(name, out var existing) ? existing - quantity : new ResourceQuantity(-quantity.Value, quantity.Format);
        }

        return result;
    }

    public static Dictionary<string, ResourceQuantity> Mask(IReadOnlyDictionary<string, ResourceQuantity> list, IEnumerable<string> names)
    {
        var keep = names.ToHashSet(StringComparer.Ordinal);
        return list.Where(kv => keep.Contains(kv.Key)).ToDictionary(StringComparer.Ordinal);
    }

    /// <summary>"name=quantity,name=quantity", sorted by name: upstream's prettyPrint.</summary>
    public static string PrettyPrint(IReadOnlyDictionary<string, ResourceQuantity> list) =>
        string.Join(",", list.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
