namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>The condition shape of Deployments, DaemonSets and HorizontalPodAutoscalers. Unlike
/// <c>metav1.Condition</c>, reason and message are optional and Deployments add <c>lastUpdateTime</c>.</summary>
public sealed record WorkloadCondition
{
    public required string Type { get; init; }

    /// <summary>True, False or Unknown.</summary>
    public required string Status { get; init; }

    public DateTimeOffset? LastUpdateTime { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }
}
