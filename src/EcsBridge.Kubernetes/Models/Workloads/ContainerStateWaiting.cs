namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ContainerStateWaiting
{
    /// <summary>ContainerCreating, CrashLoopBackOff, ImagePullBackOff, …</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }
}
