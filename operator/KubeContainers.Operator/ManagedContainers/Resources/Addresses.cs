using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary><c>status.addresses</c>: where each port is reached.</summary>
public static class Addresses
{
    /// <summary>Every port's in-cluster address, in the order of the ports; null without a port.</summary>
    public static List<AddressStatus>? Internal(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var addresses = ManagedContainerPorts.All(input.Container.Spec)
            .Select(p => new AddressStatus { Name = p.Name, Port = p.Port, Protocol = p.Protocol, Internal = Urls.InternalAddress(input, p.Port) })
            .ToList();
        return addresses.Count == 0 ? null : addresses;
    }

    /// <summary><c>&lt;address&gt;:&lt;port&gt;</c> (an IPv6 address in brackets) for the load balancer's address, the
    /// first of its status.loadBalancer.ingress, its IP or else its host name; null while it has none.</summary>
    public static string? External(string? ip, string? hostname, int port)
    {
        var address = !string.IsNullOrEmpty(ip) ? (ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]" : ip) : hostname;
        return string.IsNullOrEmpty(address) ? null : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{address}:{port}");
    }
}
