using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Server;

/// <summary>The object after a delete, and whether it is gone (false: finalizers keep it, marked for deletion).</summary>
public sealed record DeleteResult(JsonObject Object, bool Removed);
