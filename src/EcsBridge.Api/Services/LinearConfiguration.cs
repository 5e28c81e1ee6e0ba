using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Settings of the LINEAR deployment strategy: the share of production traffic (carried by ready tasks) grows by stepPercent every stepBakeTimeInMinutes.")]
public sealed record LinearConfiguration
{
    [Description("Percent of production traffic shifted per step (ECS: 3.0 to 100.0, default 10.0).")]
    [Minimum(0)]
    [Maximum(100)]
    [JsonConverter(typeof(LenientDoubleConverter))]
    public double? StepPercent { get; init; }

    [Description("Minutes between steps (ECS: 0 to 1440, default 6).")]
    [Minimum(0)]
    [Maximum(1440)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? StepBakeTimeInMinutes { get; init; }
}
