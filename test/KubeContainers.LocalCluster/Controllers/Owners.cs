using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>ownerReferences: building the controller reference a controller stamps on what it creates, and finding it again.</summary>
internal static class Owners
{
    public static JsonArray ControllerReference(JsonObject owner) =>
    [
        new JsonObject
        {
            ["apiVersion"] = owner.Str("apiVersion"),
            ["kind"] = owner.Str("kind"),
            ["name"] = owner.Name(),
            ["uid"] = owner.Uid(),
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        },
    ];

    /// <summary>The reference with controller: true, if any.</summary>
    public static JsonObject? Controller(JsonObject obj) =>
        obj.Metadata().Objects("ownerReferences").FirstOrDefault(r => r.Bool("controller") == true);

    /// <summary>"namespace/name" of the object's controller when it is of <paramref name="kind"/>.</summary>
    public static string? ControllerKey(JsonObject obj, string kind) =>
        Controller(obj) is { } owner && owner.Str("kind") == kind && owner.Str("name") is { Length: > 0 } name
            ? $"{obj.Namespace()}/{name}"
            : null;

    public static bool IsControlledBy(JsonObject obj, JsonObject owner) => Controller(obj)?.Str("uid") == owner.Uid();

    /// <summary>
    /// The objects of <paramref name="type"/> in the owner's namespace whose controller is <paramref name="owner"/>, ordered
    /// by key, from the store's owner index (an informer's controller-uid index): a controller reads its own children,
    /// not every object of the kind in the namespace.
    /// </summary>
    public static List<JsonObject> Controlled(ResourceService api, ResourceType type, JsonObject owner)
    {
        var uid = owner.Uid();
        var ns = owner.Namespace() is { Length: > 0 } n ? n : null;
        return [.. api.Store.Dependents(uid, type.StorageKey)
            .Where(d => d.Object.Controller?.Uid == uid && d.Object.Namespace == ns)
            .Select(d => d.Object.ToJsonObject())];
    }
}
