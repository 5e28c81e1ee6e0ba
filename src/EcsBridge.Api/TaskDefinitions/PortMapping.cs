using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A port the container listens on.")]
public sealed record PortMapping
{
    [Description("The port the container listens on.")]
    [Minimum(1)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ContainerPort { get; init; }

    [Description("The host port. With awsvpc or host it equals containerPort; 0 or absent means dynamic in bridge mode; a fixed port in bridge mode becomes a hostPort.")]
    [Minimum(0)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? HostPort { get; init; }

    [Description("tcp (the default) or udp.")]
    [Enum("tcp", "udp")]
    [Default("tcp")]
    public string? Protocol { get; init; }

    [Description("A name for the port (Service Connect portName); also the Kubernetes port name.")]
    [Length(1, 64)]
    public string? Name { get; init; }

    [Description("The application protocol: http, http2 or grpc; set as appProtocol on the Service port.")]
    [Enum("http", "http2", "grpc")]
    public string? AppProtocol { get; init; }

    [Description("A port range \"start-end\". Reported: Kubernetes ports are single values.")]
    [Pattern(@"^[0-9]+-[0-9]+$")]
    public string? ContainerPortRange { get; init; }
}
