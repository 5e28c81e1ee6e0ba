using EcsBridge.Api;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>What an EcsTask should own: one pod per task, and what its status needs to read them.</summary>
public sealed record TaskPods
{
    /// <summary>One pod per task, in task order (<c>&lt;task&gt;-1</c>, <c>&lt;task&gt;-2</c>, …).</summary>
    public required IReadOnlyList<Pod> Pods { get; init; }

    /// <summary>The Kubernetes names of the essential containers: the task stops when one of them exits.</summary>
    public required IReadOnlySet<string> EssentialContainers { get; init; }

    /// <summary>Kubernetes container name → ECS container name, in start order (init containers first).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> ContainerNames { get; init; }

    /// <summary>The task group (ECS: family:&lt;family&gt; unless set).</summary>
    public required string Group { get; init; }

    /// <summary>Overrides that name no container of the task definition; nothing is built when there are any.</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    public required IReadOnlyList<TranslationNote> Notes { get; init; }
}
