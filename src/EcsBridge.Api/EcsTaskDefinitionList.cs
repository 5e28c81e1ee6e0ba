using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

/// <summary>The body of a LIST of task definitions.</summary>
public sealed record EcsTaskDefinitionList
{
    public string? ApiVersion { get; init; } = GroupVersion.ApiVersion;

    public string? Kind { get; init; } = GroupVersion.TaskDefinitionListKind;

    public ListMeta? Metadata { get; init; }

    public required IReadOnlyList<EcsTaskDefinition> Items { get; init; }
}
