namespace EcsBridge.ControlPlane;

/// <summary>How to start a local control plane.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>Folder holding <c>etcd</c>, <c>kube-apiserver</c> and optionally <c>kube-controller-manager</c>.</summary>
    public required string AssetsDirectory { get; init; }

    /// <summary>Start kube-controller-manager too (Deployments get ReplicaSets; owned objects are collected).</summary>
    public bool StartControllerManager { get; init; } = true;

    /// <summary>How long each process may take to become healthy.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Parent of the temporary folder; the system temp folder when null.</summary>
    public string? TempRoot { get; init; }

    /// <summary>Start a node too (kube-scheduler, containerd, a kubelet, kube-proxy) when the host can run one; when it
    /// cannot, the control plane starts alone and <see cref="LocalControlPlane.NodeUnavailableReason"/> says why.</summary>
    public bool StartNode { get; init; }

    /// <summary>Extra kube-apiserver flags, e.g. <c>--feature-gates=…</c>.</summary>
    public IReadOnlyList<string> ExtraApiServerArgs { get; init; } = [];
}
