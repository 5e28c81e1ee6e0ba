using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Settings of the CANARY deployment strategy: canaryPercent of production traffic (carried by ready tasks) for canaryBakeTimeInMinutes, then the rest.")]
public sealed record CanaryConfiguration
{
    [Description("Percent of production traffic sent to the new revision first (ECS: 0.1 to 100.0, default 5.0).")]
    [Minimum(0)]
    [Maximum(100)]
    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? CanaryPercent { get; init; }

    [Description("Minutes before the remaining traffic shifts (ECS: 0 to 1440, default 10).")]
    [Minimum(0)]
    [Maximum(1440)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? CanaryBakeTimeInMinutes { get; init; }
}
