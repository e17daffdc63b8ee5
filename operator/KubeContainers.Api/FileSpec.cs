using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// One file put into the container at an exact path: inline content (kept in a ConfigMap the container owns), or a
/// key of a Secret or ConfigMap of the namespace (mounted, never copied). Each file is mounted alone (subPath), so
/// the rest of the image's directory stays visible.
/// </summary>
[Description("A file mounted at an exact path: inline content, or one key of a Secret or ConfigMap in the same namespace.")]
[CelRule(
    "(has(self.content) ? 1 : 0) + (has(self.secretName) ? 1 : 0) + (has(self.configMapName) ? 1 : 0) == 1",
    "spec.files[]: set exactly one of content, secretName and configMapName")]
[CelRule(
    "has(self.key) == (has(self.secretName) || has(self.configMapName))",
    "spec.files[].key: required with secretName or configMapName, and only with them",
    FieldPath = ".key")]
public sealed class FileSpec
{
    /// <summary>At most this many files.</summary>
    public const int MaxFiles = 32;

    /// <summary>The inline content of all files together, in bytes of UTF-8 (256 KiB): a ConfigMap holds at most
    /// 1 MiB, and a pod template should not carry megabytes of configuration.</summary>
    public const int MaxContentBytes = 256 * 1024;

    /// <summary>The largest mode, 0777 (octal).</summary>
    public const int MaxMode = 511;

    public const string PathEscapes = "must be an absolute path without '..' segments";

    public const string PathNotAFile = "must name a file: not / and not ending in '/'";

    public const string PathNotNormalized = "must be normalized: no '//' and no '.' segments";

    public const string PathInSystem = "must not be /proc, /sys, /dev or under them";

    [JsonPropertyName("path")]
    [Required]
    [MaxLength(1024)]
    [Pattern(ValidationPatterns.AbsolutePath)]
    [CelRule("!self.matches('(^|/)[.][.](/|$)')", "spec.files[].path: " + PathEscapes)]
    [CelRule("!self.endsWith('/')", "spec.files[].path: " + PathNotAFile)]
    [CelRule("!self.contains('//') && !self.matches('(^|/)[.](/|$)')", "spec.files[].path: " + PathNotNormalized)]
    [CelRule("!self.matches('^/(proc|sys|dev)(/|$)')", "spec.files[].path: " + PathInSystem)]
    [Description("Absolute, normalized path of the file in the container, e.g. /etc/nginx/conf.d/default.conf; only that file is mounted (the directory keeps the image's other files).")]
    public string Path { get; set; } = string.Empty;

    [JsonPropertyName("content")]
    [MaxLength(MaxContentBytes)]
    [Description("The file's text. All inline contents together: at most 256 KiB (262144 bytes of UTF-8). Changing it rolls the pods.")]
    public string? Content { get; set; }

    [JsonPropertyName("secretName")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.Rfc1123Subdomain)]
    [Description("Name of a Secret in the same namespace whose key becomes the file. Mounted, never copied; an edit of it is seen at the next restart (spec.restartedAt).")]
    public string? SecretName { get; set; }

    [JsonPropertyName("configMapName")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.Rfc1123Subdomain)]
    [Description("Name of a ConfigMap in the same namespace whose key becomes the file. Mounted, never copied; an edit of it is seen at the next restart (spec.restartedAt).")]
    public string? ConfigMapName { get; set; }

    [JsonPropertyName("key")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.SecretKey)]
    [Description("The key of the Secret or ConfigMap whose value is the file's content; required with secretName or configMapName.")]
    public string? Key { get; set; }

    [JsonPropertyName("mode")]
    [Minimum(0)]
    [Maximum(MaxMode)]
    [Description("Permission bits as a number: in YAML write octal with a leading 0 (0644, 0600), in JSON the decimal value (420, 384). At most 0777 (511). Kubernetes' default 0644 when omitted.")]
    public int? Mode { get; set; }
}
