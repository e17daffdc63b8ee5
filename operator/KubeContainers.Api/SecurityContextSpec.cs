using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>
/// Who the container's process runs as. Numbers only: the kubelet can verify a number against runAsNonRoot, never a
/// user name. Root (0) is accepted by the schema because a sandbox profile may allow it; outside such a profile the
/// operator refuses it (InvalidSpec naming <c>spec.securityContext.runAsUser</c>).
/// </summary>
[Description("Who the container runs as: numeric user, group and volume group. Outside a sandbox that allows the image's user, the operator's default user when runAsUser is omitted, and never root.")]
public sealed class SecurityContextSpec
{
    /// <summary>Linux ids are 32-bit; Kubernetes stores them as int64 but the kubelet refuses above 2147483647.</summary>
    public const long MaxId = int.MaxValue;

    [JsonPropertyName("runAsUser")]
    [Minimum(0)]
    [Maximum(MaxId)]
    [Description("Numeric user id of the process (0 is root, allowed only inside a sandbox profile that allows the image's user). Outside such a sandbox, the operator's default user when omitted; inside one, the image's own user.")]
    public long? RunAsUser { get; set; }

    [JsonPropertyName("runAsGroup")]
    [Minimum(0)]
    [Maximum(MaxId)]
    [Description("Numeric primary group id of the process; runAsUser's value (or the default user's) when omitted outside a sandbox.")]
    public long? RunAsGroup { get; set; }

    [JsonPropertyName("fsGroup")]
    [Minimum(0)]
    [Maximum(MaxId)]
    [Description("Numeric group that owns the volumes, so the process can write them; runAsGroup's value when omitted outside a sandbox.")]
    public long? FsGroup { get; set; }
}
