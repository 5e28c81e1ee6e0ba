using EcsBridge.Api;
using System.Text.Json.Nodes;

namespace EcsBridge.EcsApi;

// ECS's service shapes. The CreateService request is EcsServiceSpec itself (it was modelled on that request);
// members of the CRD types are JSON nodes (their JSON belongs to ApiJsonContext); the Service answer is built from the EcsService's spec and its status (which already has ECS's shape).

internal sealed record UpdateServiceRequest
{
    public string? Cluster { get; init; }

    public string? Service { get; init; }

    public int? DesiredCount { get; init; }

    public string? TaskDefinition { get; init; }

    /// <summary>Read with the CRD type's JSON (see <see cref="ApiJson"/>).</summary>
    public System.Text.Json.JsonElement? DeploymentConfiguration { get; init; }

    public bool? ForceNewDeployment { get; init; }

    public int? HealthCheckGracePeriodSeconds { get; init; }
}

internal sealed record DescribeServicesRequest
{
    public string? Cluster { get; init; }

    public IReadOnlyList<string>? Services { get; init; }

    public IReadOnlyList<string>? Include { get; init; }
}

internal sealed record ListServicesRequest
{
    public string? Cluster { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? LaunchType { get; init; }

    public string? SchedulingStrategy { get; init; }
}

internal sealed record DeleteServiceRequest
{
    public string? Cluster { get; init; }

    public string? Service { get; init; }

    public bool? Force { get; init; }
}

internal sealed record DeploymentControllerShape(string Type);

internal sealed record ServiceEventShape(string Id, double CreatedAt, string Message);

internal sealed record DeploymentShape
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    public string? TaskDefinition { get; init; }

    public int DesiredCount { get; init; }

    public int PendingCount { get; init; }

    public int RunningCount { get; init; }

    public int FailedTasks { get; init; }

    public double? CreatedAt { get; init; }

    public double? UpdatedAt { get; init; }

    public string? LaunchType { get; init; }

    public string? RolloutState { get; init; }

    public string? RolloutStateReason { get; init; }
}

internal sealed record ServiceShape
{
    public required string ServiceArn { get; init; }

    public required string ServiceName { get; init; }

    public required string ClusterArn { get; init; }

    public JsonNode? LoadBalancers { get; init; }

    public JsonNode? ServiceRegistries { get; init; }

    public required string Status { get; init; }

    public int DesiredCount { get; init; }

    public int RunningCount { get; init; }

    public int PendingCount { get; init; }

    public string? LaunchType { get; init; }

    public JsonNode? CapacityProviderStrategy { get; init; }

    public string? PlatformVersion { get; init; }

    public string? TaskDefinition { get; init; }

    public JsonNode? DeploymentConfiguration { get; init; }

    public required IReadOnlyList<DeploymentShape> Deployments { get; init; }

    public string? RoleArn { get; init; }

    public required IReadOnlyList<ServiceEventShape> Events { get; init; }

    public double? CreatedAt { get; init; }

    public JsonNode? PlacementConstraints { get; init; }

    public JsonNode? PlacementStrategy { get; init; }

    public JsonNode? NetworkConfiguration { get; init; }

    public int? HealthCheckGracePeriodSeconds { get; init; }

    public string? SchedulingStrategy { get; init; }

    public DeploymentControllerShape? DeploymentController { get; init; }

    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    public bool? EnableECSManagedTags { get; init; }

    public string? PropagateTags { get; init; }

    public bool? EnableExecuteCommand { get; init; }
}

internal sealed record ServiceResponse(ServiceShape Service);

internal sealed record DescribeServicesResponse(IReadOnlyList<ServiceShape> Services, IReadOnlyList<FailureShape> Failures);

internal sealed record ListServicesResponse(IReadOnlyList<string> ServiceArns, string? NextToken);
