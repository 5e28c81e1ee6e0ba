namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record DeploymentStatus
{
    public long? ObservedGeneration { get; init; }

    public int? Replicas { get; init; }

    public int? UpdatedReplicas { get; init; }

    public int? ReadyReplicas { get; init; }

    public int? AvailableReplicas { get; init; }

    public int? UnavailableReplicas { get; init; }

    public IReadOnlyList<WorkloadCondition>? Conditions { get; init; }

    public int? CollisionCount { get; init; }
}
