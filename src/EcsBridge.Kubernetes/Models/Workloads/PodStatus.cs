namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>The part of a pod's status the operator reads.</summary>
public sealed record PodStatus
{
    /// <summary>Pending, Running, Succeeded, Failed or Unknown.</summary>
    public string? Phase { get; init; }

    /// <summary>Why the pod is in its phase (Evicted, …).</summary>
    public string? Reason { get; init; }

    /// <summary>PodScheduled, Initialized, ContainersReady, Ready; same shape as a workload condition.</summary>
    public IReadOnlyList<WorkloadCondition>? Conditions { get; init; }

    public IReadOnlyList<ContainerStatus>? InitContainerStatuses { get; init; }

    public IReadOnlyList<ContainerStatus>? ContainerStatuses { get; init; }
}
