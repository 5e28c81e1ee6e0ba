using System.Globalization;

namespace EcsBridge.ControlPlane.Node;

/// <summary>kube-proxy's command line: iptables mode, listening on loopback and the bridge only.</summary>
internal static class KubeProxy
{
    public static IReadOnlyList<string> Arguments(string kubeconfig, int healthzPort, int metricsPort) =>
    [
        "--kubeconfig=" + kubeconfig,
        "--hostname-override=" + NodeLayout.NodeName,
        "--proxy-mode=iptables",
        "--bind-address=" + NodeLayout.BridgeIp,
        "--cluster-cidr=" + NodeLayout.ClusterCidr,
        "--nodeport-addresses=" + NodeLayout.BridgeIp + "/32",
        "--healthz-bind-address=127.0.0.1:" + healthzPort.ToString(CultureInfo.InvariantCulture),
        "--metrics-bind-address=127.0.0.1:" + metricsPort.ToString(CultureInfo.InvariantCulture),
        "--oom-score-adj=0",
        // 0 leaves the kernel's conntrack settings alone (otherwise it rewrites nf_conntrack_max and the hash size).
        "--conntrack-max-per-core=0",
        "--conntrack-min=0",
        "--conntrack-tcp-timeout-established=0s",
        "--conntrack-tcp-timeout-close-wait=0s",
        "--v=1",
    ];
}
