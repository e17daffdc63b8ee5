using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;

namespace KubeContainers.Cli.Kube;

/// <summary>
/// One entry of <c>status.history</c>, the operator's record of the last rollouts (issue 19: revision, image, what
/// changed, when it started and became Ready, and its outcome: Ready, RolledBack, ProgressDeadlineExceeded or
/// Superseded). Read from the object's JSON, so the plugin needs no newer Api types to show it.
/// </summary>
internal sealed record HistoryEntry
{
    [JsonPropertyName("revision")]
    public long Revision { get; init; }

    [JsonPropertyName("image")]
    public string? Image { get; init; }

    [JsonPropertyName("change")]
    public string? Change { get; init; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset? StartedAt { get; init; }

    [JsonPropertyName("readyAt")]
    public DateTimeOffset? ReadyAt { get; init; }

    [JsonPropertyName("outcome")]
    public string? Outcome { get; init; }
}

internal static class RolloutHistory
{
    /// <summary>status.history, newest revision first; empty when the operator writes none.</summary>
    public static IReadOnlyList<HistoryEntry> Of(JsonObject container) =>
        container["status"]?["history"] is JsonArray items
            ? [.. items.Select(i => KubernetesJson.Deserialize<HistoryEntry>(i!.ToJsonString())).OrderByDescending(e => e.Revision)]
            : [];
}
