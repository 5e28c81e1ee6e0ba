using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A capacity provider share. Reported.")]
public sealed record CapacityProviderStrategyItem
{
    [Description("The capacity provider name (e.g. FARGATE_SPOT).")]
    public required string CapacityProvider { get; init; }

    [Description("The relative share.")]
    [Minimum(0)]
    [Maximum(1000)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Weight { get; init; }

    [Description("The minimum number of tasks on this provider.")]
    [Minimum(0)]
    [Maximum(100000)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Base { get; init; }
}
