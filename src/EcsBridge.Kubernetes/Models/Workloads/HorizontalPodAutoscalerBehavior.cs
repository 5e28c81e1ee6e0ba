namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HorizontalPodAutoscalerBehavior
{
    public HpaScalingRules? ScaleUp { get; init; }

    public HpaScalingRules? ScaleDown { get; init; }
}
