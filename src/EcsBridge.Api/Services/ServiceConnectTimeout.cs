using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Timeouts of the Service Connect proxy. Reported.")]
public sealed record ServiceConnectTimeout
{
    [Description("Seconds a connection may stay idle.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? IdleTimeoutSeconds { get; init; }

    [Description("Seconds a request may take.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? PerRequestTimeoutSeconds { get; init; }
}
