using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("What a container may use. A list left out allows every value; a flag left out allows it.")]
public sealed class PlanAllow
{
    [JsonPropertyName("sandboxes")]
    [MaxItems(32)]
    [ItemMaxLength(63)]
    [ItemPattern(ValidationPatterns.Rfc1123Label)]
    [Description("Sandbox profiles a container may ask for.")]
    public IList<string>? Sandboxes { get; set; }

    [JsonPropertyName("egress")]
    [MaxItems(3)]
    [ItemPattern("^(internet|cluster|none)$")]
    [Description("Egress modes a container may ask for (internet, cluster, none).")]
    public IList<string>? Egress { get; set; }

    [JsonPropertyName("ingress")]
    [MaxItems(3)]
    [ItemPattern("^(public|private|none)$")]
    [Description("Ingress modes a container may ask for (public, private, none).")]
    public IList<string>? Ingress { get; set; }

    [JsonPropertyName("architectures")]
    [MaxItems(2)]
    [ItemPattern("^(amd64|arm64)$")]
    [Description("Architectures a container may ask for (amd64, arm64).")]
    public IList<string>? Architectures { get; set; }

    [JsonPropertyName("oneShot")]
    [Description("Whether mode: oneShot (a Job) is allowed.")]
    public bool? OneShot { get; set; }

    [JsonPropertyName("publicUrls")]
    [Description("Whether networking.ingress: public (an Ingress and a public URL) is allowed.")]
    public bool? PublicUrls { get; set; }

    [JsonPropertyName("customDomains")]
    [Description("Whether networking.host (a custom host) is allowed.")]
    public bool? CustomDomains { get; set; }

    [JsonPropertyName("rootInSandbox")]
    [Description("Whether securityContext.runAsUser: 0 is allowed in a sandbox profile that allows root.")]
    public bool? RootInSandbox { get; set; }

    [JsonPropertyName("loadBalancers")]
    [Description("Whether networking.loadBalancer is allowed (the operator must allow load balancers too).")]
    public bool? LoadBalancers { get; set; }
}
