using System.Globalization;

namespace EcsBridge.ControlPlane.Node;

/// <summary>The kubelet's command line for this machine.</summary>
internal static class Kubelet
{
    /// <param name="maxOpenFiles">The hard file limit: the kubelet's default (1,000,000) above it fails with EPERM.</param>
    public static IReadOnlyList<string> Arguments(string kubeconfig, string rootDirectory, string containerdSocket, long maxOpenFiles, int healthzPort) =>
    [
        "--kubeconfig=" + kubeconfig,
        "--hostname-override=" + NodeLayout.NodeName,
        // The kubelet refuses a loopback node IP; the bridge's address is local and private.
        "--node-ip=" + NodeLayout.BridgeIp,
        "--address=" + NodeLayout.BridgeIp,
        "--healthz-bind-address=127.0.0.1",
        "--healthz-port=" + healthzPort.ToString(CultureInfo.InvariantCulture),
        "--read-only-port=0",
        "--container-runtime=remote",
        "--container-runtime-endpoint=unix://" + containerdSocket,
        "--containerd=" + containerdSocket,
        "--runtime-request-timeout=5m",
        "--cgroup-driver=cgroupfs",
        "--fail-swap-on=false",
        // Ignored with containerd (its sandbox_image decides), but it keeps the image out of image GC.
        "--pod-infra-container-image=" + NodeLayout.PauseImage,
        // The local images cannot be pulled again: never collect them, and no disk-pressure eviction of test pods.
        "--image-gc-high-threshold=100",
        "--image-gc-low-threshold=99",
        "--eviction-hard=memory.available<1Mi,nodefs.available<1%,imagefs.available<1%",
        "--root-dir=" + rootDirectory,
        "--cert-dir=" + Path.Combine(rootDirectory, "pki"),
        "--volume-plugin-dir=" + Path.Combine(rootDirectory, "volume-plugins"),
        // Without CAP_SYS_RESOURCE a negative score is refused.
        "--oom-score-adj=0",
        "--max-open-files=" + maxOpenFiles.ToString(CultureInfo.InvariantCulture),
        // The one node carries every pod of the local cluster: as many as its /24 pod subnet has addresses (the
        // default 110 stops the benchmark's 100 services x 2 tasks), and an API budget to report them (default 5/s).
        "--max-pods=" + NodeLayout.MaxPods.ToString(CultureInfo.InvariantCulture),
        "--kube-api-qps=50",
        "--kube-api-burst=100",
        "--v=1",
    ];
}
