using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// An immutable stored revision of one object: its JSON bytes (what list and watch send) and the
/// metadata the store indexes and the controllers filter on (labels, owners, the controller reference, finalizers,
/// whether it is being deleted), read once when it is stored. Readers parse their own copy, so nobody can change
/// stored state by accident; a controller that only needs these fields does not parse at all.
/// </summary>
public sealed class StoredObject
{
    private StoredObject(byte[] json, string name, string? ns, string uid, long revision,
        IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> ownerUids, OwnerReference? controller,
        IReadOnlyList<string> finalizers, bool isDeleting)
    {
        Json = json;
        Name = name;
        Namespace = ns;
        Uid = uid;
        Revision = revision;
        Labels = labels;
        OwnerUids = ownerUids;
        Controller = controller;
        Finalizers = finalizers;
        IsDeleting = isDeleting;
        Key = KeyOf(ns, name);
    }

    public byte[] Json { get; }
    public string Name { get; }
    public string? Namespace { get; }
    public string Uid { get; }
    public long Revision { get; }
    public IReadOnlyDictionary<string, string> Labels { get; }
    public IReadOnlyList<string> OwnerUids { get; }

    /// <summary>The ownerReference with <c>controller: true</c>, if any.</summary>
    public OwnerReference? Controller { get; }

    public IReadOnlyList<string> Finalizers { get; }

    /// <summary>metadata.deletionTimestamp is set.</summary>
    public bool IsDeleting { get; }

    /// <summary>"namespace/name", or "name" for cluster-scoped objects: the store key.</summary>
    public string Key { get; }

    public static string KeyOf(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    /// <summary>A fresh, mutable copy.</summary>
    public JsonObject ToJsonObject() => JsonNode.Parse(Json)!.AsObject();

    /// <summary>"namespace/name" of the controller when it is of <paramref name="kind"/> (owners share their dependent's namespace).</summary>
    public string? ControllerKey(string kind) =>
        Controller is { } owner && owner.Kind == kind && owner.Name.Length > 0 ? KeyOf(Namespace, owner.Name) : null;

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
        OwnerReference? controller = null;
        if (meta["ownerReferences"] is JsonArray refs)
        {
            foreach (var reference in refs)
            {
                if (reference?["uid"]?.GetValue<string>() is { } uid)
                {
                    owners.Add(uid);
                }

                if (controller is null && reference is JsonObject r && r["controller"] is JsonValue flag &&
                    flag.GetValueKind() == JsonValueKind.True)
                {
                    controller = new OwnerReference(Text(r["kind"]), Text(r["name"]), Text(r["uid"]));
                }
            }
        }

        var finalizers = meta["finalizers"] is JsonArray list
            ? list.Select(f => f is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList()
            : [];
        return new StoredObject(
            JsonSerializer.SerializeToUtf8Bytes(obj),
            meta["name"]!.GetValue<string>(),
            meta["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? ns : null,
            meta["uid"]?.GetValue<string>() ?? "",
            revision,
            labels,
            owners,
            controller,
            finalizers,
            meta["deletionTimestamp"] is not null);
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

/// <summary>The parts of an ownerReference the controllers match on.</summary>
public sealed record OwnerReference(string Kind, string Name, string Uid);
