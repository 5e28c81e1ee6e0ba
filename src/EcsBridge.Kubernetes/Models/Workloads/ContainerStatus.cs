namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>One container's status in a pod, as the kubelet reports it.</summary>
public sealed record ContainerStatus
{
    public required string Name { get; init; }

    public bool Ready { get; init; }

    /// <summary>How many times the kubelet started the container again after it exited.</summary>
    public int RestartCount { get; init; }

    public ContainerState? State { get; init; }

    public ContainerState? LastState { get; init; }
}
