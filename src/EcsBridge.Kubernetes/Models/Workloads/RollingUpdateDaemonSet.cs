namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record RollingUpdateDaemonSet
{
    public IntOrString? MaxUnavailable { get; init; }

    /// <summary>Only served from Kubernetes 1.21 (alpha) / 1.22 (beta); an apply that sets it is rejected on older
    /// servers, so the builders leave it null.</summary>
    public IntOrString? MaxSurge { get; init; }
}
