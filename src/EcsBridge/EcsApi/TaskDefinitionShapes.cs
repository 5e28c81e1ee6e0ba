using EcsBridge.Api;

namespace EcsBridge.EcsApi;

// ECS's task definition shapes. The RegisterTaskDefinition request is EcsTaskDefinitionSpec itself (it was
// modelled on that request); the TaskDefinition answer is the spec plus what ECS adds (ARN, revision, status).

internal sealed record DescribeTaskDefinitionRequest
{
    public string? TaskDefinition { get; init; }

    public IReadOnlyList<string>? Include { get; init; }
}

internal sealed record DeregisterTaskDefinitionRequest
{
    public string? TaskDefinition { get; init; }
}

internal sealed record ListTaskDefinitionsRequest
{
    public string? FamilyPrefix { get; init; }

    public string? Status { get; init; }

    public string? Sort { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

internal sealed record ListTaskDefinitionFamiliesRequest
{
    public string? FamilyPrefix { get; init; }

    public string? Status { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }
}

/// <summary>TaskDefinition is ECS's TaskDefinition shape: the registered spec plus ARN, revision, status and times
/// (built by <see cref="TaskDefinitionOperations"/> as JSON, since the spec's JSON belongs to the CRD types).</summary>
internal sealed record TaskDefinitionResponse(System.Text.Json.Nodes.JsonObject TaskDefinition, IReadOnlyList<ResourceTag>? Tags = null);

internal sealed record ListTaskDefinitionsResponse(IReadOnlyList<string> TaskDefinitionArns, string? NextToken);

internal sealed record ListTaskDefinitionFamiliesResponse(IReadOnlyList<string> Families, string? NextToken);
