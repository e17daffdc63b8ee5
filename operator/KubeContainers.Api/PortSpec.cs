using System.Text.Json.Serialization;
using KubeContainers.Api.Schema;

namespace KubeContainers.Api;

/// <summary>One port the app listens on: a container port, a port of the Service, an entry of status.addresses.</summary>
[Description("A port the app listens on; every one is on the container's Service.")]
[CelRule(
    "!has(self.http) || !self.http || !has(self.protocol) || self.protocol == 'TCP'",
    "spec.ports[].http: only a TCP port can be the HTTP port",
    FieldPath = ".http")]
public sealed class PortSpec
{
    [JsonPropertyName("name")]
    [Required]
    [MinLength(1)]
    [MaxLength(15)]
    [Pattern(PortRules.PortNamePattern)]
    [CelRule("self.matches('[a-z]')", "spec.ports[].name: must contain at least one letter (a-z)")]
    [CelRule("!self.contains('--')", "spec.ports[].name: must not contain consecutive hyphens")]
    [Description("An IANA service name, as a container port's name: at most 15 lower-case letters, digits and '-', with at least one letter, no '--', not starting or ending with '-'. Unique within the container; the Service port's name.")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("port")]
    [Required]
    [Minimum(1)]
    [Maximum(65535)]
    [Description("The port number the app listens on; also the Service's port.")]
    public int Port { get; set; }

    [JsonPropertyName("protocol")]
    [Enum(PortProtocols.Tcp, PortProtocols.Udp)]
    [Default(PortProtocols.Tcp)]
    [Description("TCP or UDP. A port and protocol pair appears once.")]
    public string? Protocol { get; set; }

    [JsonPropertyName("http")]
    [Description("true: the HTTP port, the one the Ingress and the URL serve and the default health check probes (at most one, TCP only). When no port says true, the only TCP port is the HTTP port unless it says false.")]
    public bool? Http { get; set; }
}
