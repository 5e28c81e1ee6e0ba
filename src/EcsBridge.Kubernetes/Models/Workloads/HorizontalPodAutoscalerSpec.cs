namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HorizontalPodAutoscalerSpec
{
    public required CrossVersionObjectReference ScaleTargetRef { get; init; }

    public int? MinReplicas { get; init; }

    public required int MaxReplicas { get; init; }

    public IReadOnlyList<MetricSpec>? Metrics { get; init; }

    public HorizontalPodAutoscalerBehavior? Behavior { get; init; }
}
