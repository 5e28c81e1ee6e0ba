namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record DeploymentSpec
{
    /// <summary>Left null when a HorizontalPodAutoscaler owns the replica count.</summary>
    public int? Replicas { get; init; }

    public required LabelSelector Selector { get; init; }

    public required PodTemplateSpec Template { get; init; }

    public DeploymentStrategy? Strategy { get; init; }

    public int? MinReadySeconds { get; init; }

    public int? RevisionHistoryLimit { get; init; }

    public bool? Paused { get; init; }

    public int? ProgressDeadlineSeconds { get; init; }
}
