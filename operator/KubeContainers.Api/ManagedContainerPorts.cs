namespace KubeContainers.Api;

/// <summary>
/// The ports in force and the roles they play, as <see cref="PortRules"/> defines them for admission: every builder
/// and the status read ports through here, never <c>spec.port</c> or <c>spec.ports</c> directly.
/// </summary>
public static class ManagedContainerPorts
{
    /// <summary>The name of the one port <c>spec.port</c> stands for (what it has always been called).</summary>
    public const string ShorthandName = "http";

    /// <summary>
    /// Every port, in the order given: <c>spec.port</c> as one TCP HTTP port named http, else <c>spec.ports</c>
    /// (protocol TCP when omitted). Admission refuses both together; should both come anyway, <c>spec.port</c> wins
    /// here and the operator's validator reports the spec before anything is built.
    /// </summary>
    public static IReadOnlyList<ManagedContainerPort> All(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Port is { } port)
        {
            return [new ManagedContainerPort(ShorthandName, port, PortProtocols.Tcp, Http: true)];
        }

        var ports = spec.Ports ?? [];
        var http = HttpIndex(ports);
        return ports.Select((p, i) => new ManagedContainerPort(p.Name, p.Port, p.Protocol ?? PortProtocols.Tcp, i == http)).ToList();
    }

    /// <summary>The HTTP port (the Ingress's and the URL's), or null when there is none.</summary>
    public static ManagedContainerPort? Http(ManagedContainerSpec spec) => All(spec).FirstOrDefault(p => p.Http);

    /// <summary>The port the default health check probes: the HTTP port, else the first TCP port; null with only UDP
    /// ports (nothing a TCP probe could open) or none.</summary>
    public static ManagedContainerPort? Probed(ManagedContainerSpec spec) =>
        Http(spec) ?? All(spec).FirstOrDefault(p => p.Protocol == PortProtocols.Tcp);

    /// <summary>The ports that go on the LoadBalancer Service with <c>networking.loadBalancer</c>: every port but the
    /// HTTP one, which the Ingress serves.</summary>
    public static IReadOnlyList<ManagedContainerPort> LoadBalanced(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Networking?.LoadBalancer == true ? All(spec).Where(p => !p.Http).ToList() : [];
    }

    /// <summary>The entry with <c>http: true</c>; else the only TCP entry unless it says <c>http: false</c>; else -1.
    /// With several <c>http: true</c> (refused at admission) the first.</summary>
    private static int HttpIndex(IList<PortSpec> ports)
    {
        for (var i = 0; i < ports.Count; i++)
        {
            if (ports[i].Http == true && IsTcp(ports[i]))
            {
                return i;
            }
        }

        var tcp = Enumerable.Range(0, ports.Count).Where(i => IsTcp(ports[i])).ToList();
        return tcp.Count == 1 && ports[tcp[0]].Http is null ? tcp[0] : -1;
    }

    private static bool IsTcp(PortSpec port) => (port.Protocol ?? PortProtocols.Tcp) == PortProtocols.Tcp;
}
