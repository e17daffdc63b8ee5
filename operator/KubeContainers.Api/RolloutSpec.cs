using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("How a new version is rolled out and when it is rolled back.")]
public sealed class RolloutSpec
{
    [JsonPropertyName("progressDeadlineSeconds")]
    [Minimum(1)]
    [Default(ManagedContainerDefaults.ProgressDeadlineSeconds)]
    [Description("Seconds a new version has to become ready before the rollout counts as failed.")]
    public int? ProgressDeadlineSeconds { get; set; }

    [JsonPropertyName("autoRollback")]
    [Default(ManagedContainerDefaults.AutoRollback)]
    [Description("true: a version that misses the deadline is rolled back to the last healthy image.")]
    public bool? AutoRollback { get; set; }
}
