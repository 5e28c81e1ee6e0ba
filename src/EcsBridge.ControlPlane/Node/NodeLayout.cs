namespace EcsBridge.ControlPlane.Node;

/// <summary>Fixed names and addresses of the local node. One node per host: kube-proxy's iptables chains, the
/// kubelet's <c>kubepods</c> cgroups and the service-range route are host-wide.</summary>
internal static class NodeLayout
{
    public const string NodeName = "ecsbridge-node";
    public const string Bridge = "ecsbr0";

    /// <summary>The bridge's own address: the node IP, the kubelet's and kube-proxy's bind address and the API
    /// server's advertise address (the kubelet refuses a loopback node IP).</summary>
    public const string BridgeIp = "10.244.0.1";
    public const string PodSubnet = "10.244.0.0/24";

    /// <summary>Pods the node takes: the pod subnet's addresses less the network, the bridge's own and broadcast.</summary>
    public const int MaxPods = 250;
    public const string ClusterCidr = "10.244.0.0/16";

    public const string PauseImage = "ecsbridge.local/pause:3.4";
    public const string BusyboxImage = "ecsbridge.local/busybox:1";

    /// <summary>Where the claim on the host's one node lives: its owner, its control-plane folder, the host baseline.
    /// On tmpfs, so a reboot (which undoes everything anyway) forgets it.</summary>
    public const string ClaimDirectory = "/run/ecsbridge-node";

    /// <summary>Host folders the kubelet, containerd and the CNI plugins create on fixed paths whatever the flags say.</summary>
    public static readonly string[] HostDirectories =
    [
        "/var/log/pods", "/var/log/containers", "/var/lib/cni", "/run/containerd", "/var/lib/kubelet", "/etc/cni",
        "/opt/cni", "/opt/containerd", "/usr/libexec/kubernetes", "/run/netns",
    ];

    /// <summary>Sysctls the kubelet, kube-proxy and the bridge plugin set.</summary>
    public static readonly string[] Sysctls =
    [
        "net.ipv4.ip_forward", "net.ipv4.conf.all.route_localnet", "net.bridge.bridge-nf-call-iptables",
        "net.bridge.bridge-nf-call-ip6tables", "vm.overcommit_memory", "vm.panic_on_oom", "kernel.panic",
        "kernel.panic_on_oops", "kernel.keys.root_maxkeys", "kernel.keys.root_maxbytes",
    ];

    /// <summary>The parts of a node, in the control plane's assets folder or on the host.</summary>
    public static readonly string[] AssetBinaries = ["kubelet", "kube-scheduler", "kube-proxy"];

    public static readonly string[] HostBinaries =
        ["/usr/bin/containerd", "/usr/bin/ctr", "/usr/bin/containerd-shim-runc-v2", "/usr/sbin/runc", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local", "/usr/lib/cni/loopback"];

    public static string ImagesDirectory(string assets) => Path.Combine(assets, "images");
}
