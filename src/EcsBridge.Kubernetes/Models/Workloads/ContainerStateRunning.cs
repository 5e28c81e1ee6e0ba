namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ContainerStateRunning
{
    public DateTimeOffset? StartedAt { get; init; }
}
