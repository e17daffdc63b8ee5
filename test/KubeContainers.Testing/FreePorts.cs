using System.Net;
using System.Net.Sockets;

namespace KubeContainers.Testing;

/// <summary>A loopback port free a moment ago, for a process or server that must be told its port before it starts.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
