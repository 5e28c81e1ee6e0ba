using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A target tracking scaling policy (TargetTrackingScalingPolicyConfiguration).")]
public sealed record TargetTrackingScalingPolicy
{
    [Description("A name for the policy.")]
    public string? PolicyName { get; init; }

    [Description("ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization (HPA resource utilization); ALBRequestCountPerTarget is reported.")]
    [Enum("ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget")]
    public string? PredefinedMetricType { get; init; }

    [Description("The ALB resource label that ALBRequestCountPerTarget needs. Reported.")]
    public string? ResourceLabel { get; init; }

    [Description("A CloudWatch metric specification. Reported.")]
    [PreserveUnknownFields]
    public JsonObject? CustomizedMetricSpecification { get; init; }

    [Description("The target: a utilization percentage for CPU and memory.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientDoubleConverter))]
    public required double? TargetValue { get; init; }

    [Description("Seconds after a scale-in before another (default 300); the HPA scale-down stabilization window.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ScaleInCooldown { get; init; }

    [Description("Seconds after a scale-out before another (default 300); the HPA scale-up stabilization window.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ScaleOutCooldown { get; init; }

    [Description("Never scale in (HPA scaleDown selectPolicy Disabled).")]
    public bool? DisableScaleIn { get; init; }
}
