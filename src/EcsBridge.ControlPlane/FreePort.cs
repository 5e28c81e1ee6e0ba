using System.Net;
using System.Net.Sockets;

namespace EcsBridge.ControlPlane;

/// <summary>Free loopback ports for the control plane and for the processes tests and benchmarks start beside it.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for a free loopback port. The port is released before it is used, so another process
    /// can take it first; the local control plane then starts again with fresh ports (LocalControlPlane.StartAsync).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
