using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// An immutable stored revision of one object: its JSON bytes (what list and watch send) and the
/// metadata the store indexes. Readers parse their own copy, so nobody can change stored state by accident.
/// </summary>
public sealed class StoredObject
{
    private StoredObject(byte[] json, string name, string? ns, string uid, long revision,
        IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> ownerUids)
    {
        Json = json;
        Name = name;
        Namespace = ns;
        Uid = uid;
        Revision = revision;
        Labels = labels;
        OwnerUids = ownerUids;
    }

    public byte[] Json { get; }
    public string Name { get; }
    public string? Namespace { get; }
    public string Uid { get; }
    public long Revision { get; }
    public IReadOnlyDictionary<string, string> Labels { get; }
    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>"namespace/name", or "name" for cluster-scoped objects: the store key.</summary>
    public string Key => KeyOf(Namespace, Name);

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>A fresh, mutable copy.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    internal static StoredObject From(JsonObject obj, long revision)
    {
        var meta = obj["metadata"]?.AsObject() ?? throw new InvalidOperationException("object without metadata");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (meta["labels"] is JsonObject labelObject)
        {
            foreach (var (key, value) in labelObject)
            {
                labels[key] = value?.GetValue<string>() ?? "";
            }
        }

        var owners = new List<string>();
        if (meta["ownerReferences"] is JsonArray refs)
        {
            foreach (var reference in refs)
            {
                if (reference?["uid"]?.GetValue<string>() is { } uid)
                {
                    owners.Add(uid);
                }
            }
        }

        return new StoredObject(
            JsonSerializer.SerializeToUtf8Bytes(obj),
            meta["name"]!.GetValue<string>(),
            meta["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? ns : null,
            meta["uid"]?.GetValue<string>() ?? "",
            revision,
            labels,
            owners);
    }
}
