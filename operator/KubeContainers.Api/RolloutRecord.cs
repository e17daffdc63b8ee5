using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>One rollout of the workload: a new pod template (image, configuration or restart) going out.</summary>
[Description("One rollout: a new version of the pods going out, and how it ended.")]
public sealed class RolloutRecord
{
    /// <summary>How many entries <c>status.history</c> keeps: the newest ones.</summary>
    public const int Kept = 10;

    [JsonPropertyName("revision")]
    [Minimum(1)]
    [Description("1 for the first rollout, one more for each after it (older ones leave the list, the count goes on).")]
    public int Revision { get; set; }

    [JsonPropertyName("image")]
    [MaxLength(1024)]
    [Description("The image this rollout deployed; kubectl mc undo --to-revision goes back to it.")]
    public string Image { get; set; } = string.Empty;

    [JsonPropertyName("change")]
    [MaxLength(256)]
    [Description("What changed: created, image <old> -> <new>, restart, or configuration (generation N).")]
    public string Change { get; set; } = string.Empty;

    [JsonPropertyName("startedAt")]
    [Description("When the new version went out.")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("readyAt")]
    [Description("When it became Ready; absent if it never did.")]
    public DateTimeOffset? ReadyAt { get; set; }

    [JsonPropertyName("outcome")]
    [Enum(RolloutOutcomes.Ready, RolloutOutcomes.RolledBack, RolloutOutcomes.ProgressDeadlineExceeded, RolloutOutcomes.Superseded)]
    [Description("Ready, RolledBack, ProgressDeadlineExceeded or Superseded; absent while the rollout is under way.")]
    public string? Outcome { get; set; }
}
