namespace KubeContainers.Api;

/// <summary>The protocols of <c>spec.ports[].protocol</c>: those of a Service port that every cloud load balancer
/// and kube-proxy carry (SCTP is left out: few load balancers and CNIs support it).</summary>
public static class PortProtocols
{
    public const string Tcp = "TCP";

    public const string Udp = "UDP";
}
