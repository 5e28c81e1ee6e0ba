using System.Globalization;
using System.Net;

namespace EcsBridge.Hosting;

/// <summary>Parses kubebuilder-style bind addresses: ":8080", "127.0.0.1:8080", "[::1]:8080".</summary>
internal static class BindAddress
{
    public static bool TryParse(string value, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Any, 0);
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            return false;
        }
        var host = value[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            // An IPv6 host needs brackets: "::1" would otherwise read as host "::" and port 1.
            return false;
        }
        if (host.Length == 0 || host == "0.0.0.0")
        {
            endpoint = new IPEndPoint(IPAddress.Any, port);
            return true;
        }
        if (host == "localhost")
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }
        if (IPAddress.TryParse(host, out var ip))
        {
            endpoint = new IPEndPoint(ip, port);
            return true;
        }
        return false;
    }
}
