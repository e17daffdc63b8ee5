using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

[Description("Inbound and outbound traffic, host name and TLS.")]
public sealed class NetworkingSpec
{
    [JsonPropertyName("ingress")]
    [Enum(IngressModes.Public, IngressModes.Private, IngressModes.None)]
    [Description("public: an Ingress and a public URL; private: a Service reachable from the same namespace only; none: no inbound traffic. public with an HTTP port, private with only other ports, none without a port.")]
    public string? Ingress { get; set; }

    [JsonPropertyName("egress")]
    [Enum(EgressModes.Internet, EgressModes.Cluster, EgressModes.None)]
    [Description("none: DNS only; cluster: also the namespace; internet: also outside the cluster, never the cloud metadata address nor blocked ranges.")]
    public string? Egress { get; set; }

    [JsonPropertyName("host")]
    [MaxLength(253)]
    [Pattern(ValidationPatterns.HostName)]
    [Description("Custom host name (RFC 1123, lower case, labels of at most 63 characters, no wildcard nor IP address) under the operator's base domain or one of its allowed domains; <name>-<namespace>.<baseDomain> when omitted. The first claimant of a host keeps it.")]
    public string? Host { get; set; }

    [JsonPropertyName("tls")]
    [Description("Serve https with a certificate from the operator's configured issuer; the operator's default when omitted.")]
    public bool? Tls { get; set; }

    [JsonPropertyName("loadBalancer")]
    [Description("true: the ports of spec.ports other than the HTTP port also on a Service of type LoadBalancer, <name>-lb, reachable from outside the cluster; only where the operator allows load balancers (--allow-load-balancers).")]
    public bool? LoadBalancer { get; set; }
}
