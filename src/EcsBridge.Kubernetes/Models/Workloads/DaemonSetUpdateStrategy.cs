namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record DaemonSetUpdateStrategy
{
    /// <summary>RollingUpdate or OnDelete.</summary>
    public string? Type { get; init; }

    public RollingUpdateDaemonSet? RollingUpdate { get; init; }
}
