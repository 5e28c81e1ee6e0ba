using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

/// <summary>The body of a LIST of one-off tasks.</summary>
public sealed record EcsTaskList
{
    public string? ApiVersion { get; init; } = GroupVersion.ApiVersion;

    public string? Kind { get; init; } = GroupVersion.TaskListKind;

    public ListMeta? Metadata { get; init; }

    public required IReadOnlyList<EcsTask> Items { get; init; }
}
