using System.Net;
using System.Net.Sockets;

namespace KubeContainers.LocalCluster.Controllers.Networking;

/// <summary>The IPv4 range the load balancer controller hands out, as a CIDR (<c>172.18.255.0/28</c>); the network
/// and broadcast addresses of a range larger than /31 are left out, as MetalLB does by default.</summary>
public sealed class LoadBalancerPool
{
    private readonly uint _first;
    private readonly uint _last;

    private LoadBalancerPool(string cidr, uint first, uint last) => (Cidr, _first, _last) = (cidr, first, last);

    public string Cidr { get; }

    /// <summary>The pool of an IPv4 CIDR, or an error naming what is wrong with it.</summary>
    public static LoadBalancerPool Parse(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits) || bits is < 1 or > 32)
        {
            throw new ArgumentException($"\"{cidr}\": must be an IPv4 CIDR such as 172.18.255.0/28");
        }

        var bytes = ip.GetAddressBytes();
        var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        var mask = bits == 32 ? uint.MaxValue : ~(uint.MaxValue >> bits);
        var network = value & mask;
        var broadcast = network | ~mask;
        return bits >= 31 ? new(cidr, network, broadcast) : new(cidr, network + 1, broadcast - 1);
    }

    /// <summary>The lowest address of the pool that is not taken, or null when all are.</summary>
    public IPAddress? FirstFree(IReadOnlySet<string> taken)
    {
        for (var value = _first; value <= _last && value >= _first; value++)
        {
            var address = new IPAddress(new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value });
            if (!taken.Contains(address.ToString()))
            {
                return address;
            }
        }

        return null;
    }

    public override string ToString() => "pool " + Cidr;
}
