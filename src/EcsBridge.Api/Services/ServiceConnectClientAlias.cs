using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A name and port that clients use to reach a Service Connect endpoint.")]
public sealed record ServiceConnectClientAlias
{
    [Description("The port clients connect to; the Kubernetes Service port.")]
    [Minimum(1)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? Port { get; init; }

    [Description("The DNS name clients use; its first label names the Kubernetes Service where valid.")]
    public string? DnsName { get; init; }

    [Description("Which requests reach the new revision during a blue/green test. Reported.")]
    public ServiceConnectTestTrafficRules? TestTrafficRules { get; init; }
}
