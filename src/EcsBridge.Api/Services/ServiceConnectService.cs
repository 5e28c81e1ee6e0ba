using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A Service Connect endpoint.")]
public sealed record ServiceConnectService
{
    [Description("The name of a portMapping in the task definition.")]
    public required string PortName { get; init; }

    [Description("The discovery name; becomes the Kubernetes Service name where valid.")]
    public string? DiscoveryName { get; init; }

    [Description("The names and ports clients use.")]
    public IReadOnlyList<ServiceConnectClientAlias>? ClientAliases { get; init; }

    [Description("The port the proxy listens on. Reported.")]
    [Minimum(0)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? IngressPortOverride { get; init; }

    [Description("Proxy timeouts. Reported.")]
    public ServiceConnectTimeout? Timeout { get; init; }

    [Description("Proxy TLS settings. Reported.")]
    public ServiceConnectTls? Tls { get; init; }
}
