using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A Cloud Map registry; the service's ClusterIP Service gives it a DNS name instead. The ARN is reported.")]
public sealed record ServiceRegistry
{
    [Description("The Cloud Map service ARN.")]
    public string? RegistryArn { get; init; }

    [Description("The port for SRV records.")]
    [Minimum(0)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Port { get; init; }

    [Description("The container for SRV records.")]
    public string? ContainerName { get; init; }

    [Description("The container port for SRV records.")]
    [Minimum(0)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ContainerPort { get; init; }
}
