using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Application Auto Scaling of the desired count; becomes a HorizontalPodAutoscaler, which then owns the replica count.")]
public sealed record ServiceAutoScaling
{
    [Description("The lowest task count (HPA minReplicas; Kubernetes needs at least 1).")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? MinCapacity { get; init; }

    [Description("The highest task count (HPA maxReplicas).")]
    [Minimum(1)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? MaxCapacity { get; init; }

    [Description("Target tracking policies; with several, the largest recommendation wins (as in ECS and the HPA).")]
    public IReadOnlyList<TargetTrackingScalingPolicy>? TargetTrackingPolicies { get; init; }
}
