using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("An environment variable taken from a key of a Secret in the same namespace.")]
public sealed class SecretEnvVarSpec
{
    [JsonPropertyName("name")]
    [Required]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.EnvVarName)]
    [Description("Name of the environment variable; must match [A-Za-z_][A-Za-z0-9_]*.")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("secretName")]
    [Required]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.Rfc1123Subdomain)]
    [Description("Name of the Secret in the same namespace.")]
    public string SecretName { get; set; } = string.Empty;

    [JsonPropertyName("key")]
    [Required]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.SecretKey)]
    [Description("Key inside the Secret whose value becomes the variable's value: [-._a-zA-Z0-9]+, not . or .. nor starting with ..")]
    public string Key { get; set; } = string.Empty;
}
