namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>At most one of the three is set.</summary>
public sealed record ContainerState
{
    public ContainerStateRunning? Running { get; init; }

    public ContainerStateWaiting? Waiting { get; init; }

    public ContainerStateTerminated? Terminated { get; init; }
}
