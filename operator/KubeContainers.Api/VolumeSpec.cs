using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("A persistent volume backed by its own PersistentVolumeClaim.")]
public sealed class VolumeSpec
{
    [JsonPropertyName("name")]
    [Required]
    [MaxLength(63)]
    [Pattern(ValidationPatterns.Rfc1123Label)]
    [Description("Name of the volume (RFC 1123 label), unique within the container; part of the claim's name.")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("mountPath")]
    [Required]
    [MaxLength(1024)]
    [Pattern(ValidationPatterns.AbsolutePath)]
    [CelRule("self != '/'", "spec.volumes[].mountPath: must not be /")]
    [CelRule("!self.matches('^/(proc|sys|dev)(/|$)')", "spec.volumes[].mountPath: must not be /proc, /sys, /dev or under them")]
    [CelRule("!self.matches('(^|/)[.][.](/|$)')", "spec.volumes[].mountPath: must not contain a .. segment")]
    [Description("Absolute path where the volume is mounted; not /, nor /proc, /sys, /dev or under them.")]
    public string MountPath { get; set; } = string.Empty;

    [JsonPropertyName("size")]
    [Required]
    [MaxLength(64)]
    [Pattern(ValidationPatterns.Quantity)]
    [Description("Requested capacity as a quantity string, e.g. \"1Gi\".")]
    public string Size { get; set; } = string.Empty;

    [JsonPropertyName("storageClassName")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.Rfc1123Subdomain)]
    [Description("StorageClass of the claim; the cluster's default when omitted.")]
    public string? StorageClassName { get; set; }

    [JsonPropertyName("retain")]
    [Default(ManagedContainerDefaults.RetainVolume)]
    [Description("true: keep the claim (and its data) after the ManagedContainer is deleted.")]
    public bool? Retain { get; set; }
}
