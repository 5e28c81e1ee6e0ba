using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;

namespace EcsBridge.EcsApi;

// ECS's task shapes (service-2.json: RunTaskRequest, Task, Container, …), the members EcsBridge reads or fills,
// and the tag operations' shapes.

internal sealed record RunTaskRequest
{
    public string? Cluster { get; init; }

    public string? TaskDefinition { get; init; }

    public int? Count { get; init; }

    /// <summary>Read with the CRD type's JSON (see <see cref="ApiJson"/>).</summary>
    public JsonElement? Overrides { get; init; }

    public string? StartedBy { get; init; }

    public string? Group { get; init; }

    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    public string? LaunchType { get; init; }

    /// <summary>Idempotency: a second RunTask with the same token returns the first one's tasks (see
    /// <see cref="RunTaskIdempotency"/>).</summary>
    public string? ClientToken { get; init; }
}

internal sealed record DescribeTasksRequest
{
    public string? Cluster { get; init; }

    public IReadOnlyList<string>? Tasks { get; init; }

    public IReadOnlyList<string>? Include { get; init; }
}

internal sealed record ListTasksRequest
{
    public string? Cluster { get; init; }

    public string? ContainerInstance { get; init; }

    public string? Family { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? StartedBy { get; init; }

    public string? ServiceName { get; init; }

    public string? DesiredStatus { get; init; }

    public string? LaunchType { get; init; }
}

internal sealed record StopTaskRequest
{
    public string? Cluster { get; init; }

    public string? Task { get; init; }

    public string? Reason { get; init; }
}

internal sealed record ContainerShape
{
    public required string ContainerArn { get; init; }

    public required string TaskArn { get; init; }

    public required string Name { get; init; }

    public string? LastStatus { get; init; }

    public int? ExitCode { get; init; }

    public string? Reason { get; init; }

    public IReadOnlyList<JsonObject> NetworkBindings { get; init; } = [];

    public IReadOnlyList<JsonObject> NetworkInterfaces { get; init; } = [];
}

internal sealed record TaskShape
{
    public required string TaskArn { get; init; }

    public required string ClusterArn { get; init; }

    public string? TaskDefinitionArn { get; init; }

    public JsonNode? Overrides { get; init; }

    public string? LastStatus { get; init; }

    public string? DesiredStatus { get; init; }

    public required IReadOnlyList<ContainerShape> Containers { get; init; }

    public string? StartedBy { get; init; }

    public long Version { get; init; }

    public string? StopCode { get; init; }

    public string? StoppedReason { get; init; }

    public double? CreatedAt { get; init; }

    public double? StartedAt { get; init; }

    public double? StoppingAt { get; init; }

    public double? StoppedAt { get; init; }

    public string? Group { get; init; }

    public string? LaunchType { get; init; }

    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    public bool EnableExecuteCommand { get; init; }

    public IReadOnlyList<JsonObject> Attachments { get; init; } = [];
}

internal sealed record RunTaskResponse(IReadOnlyList<TaskShape> Tasks, IReadOnlyList<FailureShape> Failures);

internal sealed record DescribeTasksResponse(IReadOnlyList<TaskShape> Tasks, IReadOnlyList<FailureShape> Failures);

internal sealed record ListTasksResponse(IReadOnlyList<string> TaskArns, string? NextToken);

internal sealed record StopTaskResponse(TaskShape Task);

internal sealed record TagResourceRequest
{
    public string? ResourceArn { get; init; }

    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}

internal sealed record UntagResourceRequest
{
    public string? ResourceArn { get; init; }

    public IReadOnlyList<string>? TagKeys { get; init; }
}

internal sealed record ListTagsForResourceRequest
{
    public string? ResourceArn { get; init; }
}

internal sealed record ListTagsForResourceResponse(IReadOnlyList<ResourceTag> Tags);

/// <summary>The empty answer (<c>{}</c>) of TagResource and UntagResource.</summary>
internal sealed record EmptyResponse;
