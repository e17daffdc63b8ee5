using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Patching;

namespace KubeContainers.LocalCluster.Server;

/// <summary>Records field ownership for non-apply writes (operation "Update"), as the apiserver does for every write.</summary>
internal static class ManagedFieldsTracker
{
    public static void RecordWrite(JsonObject? old, JsonObject updated, string manager, string? subresource, DateTimeOffset now) =>
        ManagedFields.RecordUpdate(old, updated, manager, "Update", subresource, now);
}
