using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>Plain booleans (always written, never null) so a check that fails reads false, not absent.</summary>
[Description("Named booleans for what the container can do now.")]
public sealed class StatusChecks
{
    [JsonPropertyName("imagePulled")]
    [Description("The image was pulled on every node running a replica.")]
    public bool ImagePulled { get; set; }

    [JsonPropertyName("scheduled")]
    [Description("Every replica is scheduled to a node.")]
    public bool Scheduled { get; set; }

    [JsonPropertyName("running")]
    [Description("The container process is running in every replica.")]
    public bool Running { get; set; }

    [JsonPropertyName("healthCheckPassing")]
    [Description("The health check passes in every replica (true when there is no health check and the process runs).")]
    public bool HealthCheckPassing { get; set; }

    [JsonPropertyName("networkConfigured")]
    [Description("The Service, Ingress and NetworkPolicy the spec asks for are in place.")]
    public bool NetworkConfigured { get; set; }

    [JsonPropertyName("sandboxAvailable")]
    [Description("The RuntimeClass of the requested sandbox exists.")]
    public bool SandboxAvailable { get; set; }

    [JsonPropertyName("urlAssigned")]
    [Description("The container has a public URL (only with public ingress).")]
    public bool UrlAssigned { get; set; }

    [JsonPropertyName("volumesBound")]
    [Description("Every volume's PersistentVolumeClaim is bound.")]
    public bool VolumesBound { get; set; }
}
