using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>Where one port is reached, in the cluster and (on a LoadBalancer) from outside.</summary>
[Description("Where one port of the container is reached.")]
public sealed class AddressStatus
{
    [JsonPropertyName("name")]
    [MaxLength(15)]
    [Description("The port's name (spec.ports[].name; http for spec.port).")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("port")]
    [Description("The port number.")]
    public int Port { get; set; }

    [JsonPropertyName("protocol")]
    [MaxLength(8)]
    [Description("TCP or UDP.")]
    public string Protocol { get; set; } = PortProtocols.Tcp;

    [JsonPropertyName("internal")]
    [MaxLength(512)]
    [Description("In-cluster address: <service>.<namespace>.svc.cluster.local:<port>.")]
    public string Internal { get; set; } = string.Empty;

    [JsonPropertyName("external")]
    [MaxLength(512)]
    [Description("With networking.loadBalancer, once the load balancer has one: its address (IP or host name) and the port, <address>:<port>. Absent until then.")]
    public string? External { get; set; }
}
