using System.Globalization;

namespace EcsBridge.ControlPlane.Node;

/// <summary>The node's network: a bridge carrying the node IP, pods on it through the CNI bridge plugin, and the
/// service range routed onto the bridge. Pods get no default route and no NAT, so nothing they send can leave
/// the machine; host traffic to a ClusterIP never reaches the outside interface either.</summary>
internal static class BridgeNetwork
{
    /// <summary>Creates the bridge up front: the kubelet's node IP must already be local, and the bridge plugin
    /// accepts an existing bridge that carries exactly its gateway address.</summary>
    public static async Task CreateAsync(string serviceCidr, CancellationToken cancellationToken)
    {
        await HostCommand.OutputAsync("ip", ["link", "add", NodeLayout.Bridge, "type", "bridge"], cancellationToken).ConfigureAwait(false);
        await HostCommand.OutputAsync("ip", ["addr", "add", NodeLayout.BridgeIp + "/24", "dev", NodeLayout.Bridge], cancellationToken).ConfigureAwait(false);
        await HostCommand.OutputAsync("ip", ["link", "set", NodeLayout.Bridge, "up"], cancellationToken).ConfigureAwait(false);
        await HostCommand.OutputAsync("ip", ["route", "add", serviceCidr, "dev", NodeLayout.Bridge, "src", NodeLayout.BridgeIp], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the host has the bridge (ours from a crashed run, or someone else's).</summary>
    public static bool Exists() => Directory.Exists("/sys/class/net/" + NodeLayout.Bridge);

    /// <summary>Removes the bridge with its veths and routes; the pods' namespaces are gone by then.</summary>
    public static async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (!Exists())
        {
            return;
        }
        var ports = Directory.Exists($"/sys/class/net/{NodeLayout.Bridge}/brif")
            ? Directory.EnumerateFileSystemEntries($"/sys/class/net/{NodeLayout.Bridge}/brif").Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        foreach (var port in ports)
        {
            await HostCommand.RunAsync("ip", ["link", "del", port], cancellationToken).ConfigureAwait(false);
        }
        // Deleting the link drops its address and every route through it.
        await HostCommand.RunAsync("ip", ["link", "del", NodeLayout.Bridge], cancellationToken).ConfigureAwait(false);
        foreach (var filter in new[] { "--src", "--dst" })
        {
            await HostCommand.RunAsync("conntrack", ["-D", filter, NodeLayout.PodSubnet], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The CNI configuration containerd reads: bridge + host-local, no masquerading, routes only for the
    /// pod subnet (on-link) and the service range.</summary>
    public static string CniConfig(string ipamDirectory, string serviceCidr) => string.Create(CultureInfo.InvariantCulture, $$"""
        {
          "cniVersion": "0.4.0",
          "name": "ecsbridge",
          "plugins": [
            {
              "type": "bridge",
              "bridge": "{{NodeLayout.Bridge}}",
              "isGateway": true,
              "ipMasq": false,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "dataDir": "{{ipamDirectory}}",
                "ranges": [[{ "subnet": "{{NodeLayout.PodSubnet}}", "gateway": "{{NodeLayout.BridgeIp}}" }]],
                "routes": [{ "dst": "{{serviceCidr}}" }]
              }
            }
          ]
        }
        """);
}
