namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record DaemonSetSpec
{
    public required LabelSelector Selector { get; init; }

    public required PodTemplateSpec Template { get; init; }

    public DaemonSetUpdateStrategy? UpdateStrategy { get; init; }

    public int? MinReadySeconds { get; init; }

    public int? RevisionHistoryLimit { get; init; }
}
