using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("How a new revision rolls out: the task count may rise to maximumPercent and must stay at or above minimumHealthyPercent of desiredCount.")]
public sealed record DeploymentConfiguration
{
    [Description("Upper limit of running plus pending tasks during a rollout, in percent of desiredCount, rounded down (default 200). Becomes the Deployment's maxSurge as an integer.")]
    [Minimum(0)]
    [Default(200)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? MaximumPercent { get; init; }

    [Description("Lower limit of healthy tasks during a rollout, in percent of desiredCount, rounded up (default 100). Becomes the Deployment's maxUnavailable as an integer.")]
    [Minimum(0)]
    [Maximum(100)]
    [Default(100)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? MinimumHealthyPercent { get; init; }

    [Description("Stop (and optionally roll back) a rollout that cannot reach a steady state.")]
    public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }

    [Description("CloudWatch alarms watched during a rollout. Reported.")]
    public DeploymentAlarms? Alarms { get; init; }

    [Description("ROLLING (the default), BLUE_GREEN, LINEAR or CANARY. Only ROLLING is implemented: the others roll, and say so in the Translated condition.")]
    [Enum("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY")]
    public string? Strategy { get; init; }

    [Description("Minutes both revisions keep running after traffic has shifted (BLUE_GREEN, LINEAR, CANARY; ECS: 0 to 1440). Reported: the old tasks stop as the rollout replaces them.")]
    [Minimum(0)]
    [Maximum(1440)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? BakeTimeInMinutes { get; init; }

    [Description("Lambda functions or pauses at deployment stages. Reported: not run.")]
    public IReadOnlyList<DeploymentLifecycleHook>? LifecycleHooks { get; init; }

    [Description("Settings of the LINEAR strategy. Reported.")]
    public LinearConfiguration? LinearConfiguration { get; init; }

    [Description("Settings of the CANARY strategy. Reported.")]
    public CanaryConfiguration? CanaryConfiguration { get; init; }
}
