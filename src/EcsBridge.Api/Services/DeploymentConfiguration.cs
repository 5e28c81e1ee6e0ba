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

    [Description("ROLLING (the default): a Deployment rolling update. BLUE_GREEN: the new revision runs in a second Deployment (<service>-<family>-<revision>) at full size, the test Service <service>-test reaches it, the production Service's selector moves to it in one step once it is ready, and the old revision is deleted after bakeTimeInMinutes. LINEAR and CANARY: the new revision runs in its own Deployment beside the old one and the production Service selects both, so traffic splits by ready tasks; each step moves tasks from the old revision to the new one (linearConfiguration, canaryConfiguration), and the old revision is deleted after bakeTimeInMinutes.")]
    [Enum("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY")]
    public string? Strategy { get; init; }

    [Description("Minutes the old revision keeps running after production traffic moved (BLUE_GREEN; LINEAR/CANARY keep its Deployment at 0 tasks; ECS: 0 to 1440). A failure during the bake moves traffic back at once. Reported under ROLLING.")]
    [Minimum(0)]
    [Maximum(1440)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? BakeTimeInMinutes { get; init; }

    [Description("Lambda functions or pauses at deployment stages. Reported: not run; every stage proceeds without them.")]
    public IReadOnlyList<DeploymentLifecycleHook>? LifecycleHooks { get; init; }

    [Description("Settings of the LINEAR strategy.")]
    public LinearConfiguration? LinearConfiguration { get; init; }

    [Description("Settings of the CANARY strategy.")]
    public CanaryConfiguration? CanaryConfiguration { get; init; }
}
