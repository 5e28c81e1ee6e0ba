using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A load balancer target; the service gets a Kubernetes Service of type LoadBalancer on containerPort.")]
public sealed record LoadBalancer
{
    [Description("The container that receives the traffic; must exist in the task definition.")]
    public string? ContainerName { get; init; }

    [Description("The container port that receives the traffic; must be one of the container's portMappings.")]
    [Minimum(1)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? ContainerPort { get; init; }

    [Description("The ELB target group ARN. Reported.")]
    public string? TargetGroupArn { get; init; }

    [Description("A Classic Load Balancer name. Reported.")]
    public string? LoadBalancerName { get; init; }

    [Description("Blue/green settings: alternate target group, listener rules and role. Reported.")]
    public LoadBalancerAdvancedConfiguration? AdvancedConfiguration { get; init; }
}
