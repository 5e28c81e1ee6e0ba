namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>A HorizontalPodAutoscaler in the shape shared by <c>autoscaling/v2</c> and <c>autoscaling/v2beta2</c>:
/// for Resource metrics and <c>behavior</c> the two are wire-identical, so only <see cref="ApiVersion"/> differs.</summary>
public sealed record HorizontalPodAutoscaler : IKubernetesObject
{
    public const string ApiVersionV2 = "autoscaling/v2";
    public const string ApiVersionV2Beta2 = "autoscaling/v2beta2";
    public const string KindValue = "HorizontalPodAutoscaler";

    public string? ApiVersion { get; init; } = ApiVersionV2;

    public string? Kind { get; init; } = KindValue;

    public required ObjectMeta Metadata { get; init; }

    public HorizontalPodAutoscalerSpec? Spec { get; init; }

    public HorizontalPodAutoscalerStatus? Status { get; init; }
}
