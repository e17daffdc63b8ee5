using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("Every key of a Secret or ConfigMap in the same namespace becomes an environment variable (a key that is not a valid variable name is skipped by the kubelet).")]
[CelRule(
    "has(self.secretName) != has(self.configMapName)",
    "spec.envFrom[]: set exactly one of secretName and configMapName")]
public sealed class EnvFromSpec
{
    [JsonPropertyName("secretName")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.Rfc1123Subdomain)]
    [Description("Name of a Secret in the same namespace.")]
    public string? SecretName { get; set; }

    [JsonPropertyName("configMapName")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.Rfc1123Subdomain)]
    [Description("Name of a ConfigMap in the same namespace.")]
    public string? ConfigMapName { get; set; }

    [JsonPropertyName("prefix")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.EnvVarName)]
    [Description("Put before each key to make the variable's name; must itself match [A-Za-z_][A-Za-z0-9_]*.")]
    public string? Prefix { get; set; }

    [JsonPropertyName("optional")]
    [Description("true: the container starts without the variables when the Secret or ConfigMap does not exist. Otherwise it waits for it (Ready=False names it).")]
    public bool? Optional { get; set; }
}
