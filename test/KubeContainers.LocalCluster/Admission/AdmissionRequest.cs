using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// One write on its way to the store. <c>Object</c> may be changed in place (defaults, allocated fields).
/// <c>Operation</c> is "CREATE" or "UPDATE"; <c>Subresource</c> is null, "status" or "scale".
/// </summary>
public sealed record AdmissionRequest(
    ResourceType Type,
    string Operation,
    JsonObject Object,
    JsonObject? OldObject,
    string? Subresource,
    ResourceService Api)
{
    public bool IsCreate => Operation == "CREATE";

    /// <summary>Warnings for the client (the HTTP layer sends them as <c>Warning</c> headers).</summary>
    public List<string> Warnings { get; init; } = [];

    /// <summary>Who writes; null for the cluster's own controllers.</summary>
    public Auth.UserInfo? User { get; init; }

    /// <summary>dryRun=All: plugins must not write anything else (a quota's usage) either.</summary>
    public bool DryRun { get; init; }
}
