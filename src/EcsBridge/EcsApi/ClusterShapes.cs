using EcsBridge.Api;

namespace EcsBridge.EcsApi;

// ECS's cluster shapes (service-2.json: CreateClusterRequest, Cluster, …), the members EcsBridge reads or fills.

internal sealed record CreateClusterRequest
{
    public string? ClusterName { get; init; }

    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

internal sealed record DescribeClustersRequest
{
    public IReadOnlyList<string>? Clusters { get; init; }

    public IReadOnlyList<string>? Include { get; init; }
}

internal sealed record ListClustersRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

internal sealed record DeleteClusterRequest
{
    public string? Cluster { get; init; }
}

internal sealed record EcsClusterShape
{
    public required string ClusterArn { get; init; }

    public required string ClusterName { get; init; }

    public required string Status { get; init; }

    public int RegisteredContainerInstancesCount { get; init; }

    public int RunningTasksCount { get; init; }

    public int PendingTasksCount { get; init; }

    public int ActiveServicesCount { get; init; }
}

internal sealed record ClusterResponse(EcsClusterShape Cluster);

internal sealed record DescribeClustersResponse(IReadOnlyList<EcsClusterShape> Clusters, IReadOnlyList<FailureShape> Failures);

internal sealed record ListClustersResponse(IReadOnlyList<string> ClusterArns, string? NextToken);

/// <summary>ECS's Failure: one item of a describe call that could not be answered (reason "MISSING").</summary>
internal sealed record FailureShape(string Arn, string Reason, string? Detail = null);

/// <summary>The error body: <c>{"__type": "...", "message": "..."}</c>, and <c>resourceIds</c> where ECS's error
/// has them (ConflictException: the tasks a RunTask clientToken already started).</summary>
internal sealed record ErrorShape(
    [property: System.Text.Json.Serialization.JsonPropertyName("__type")] string Type,
    string Message,
    IReadOnlyList<string>? ResourceIds = null);
