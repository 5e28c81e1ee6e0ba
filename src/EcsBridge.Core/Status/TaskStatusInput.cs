using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>Everything the status of an EcsTask is computed from, gathered by its reconcile.</summary>
public sealed record TaskStatusInput
{
    public required EcsTask Task { get; init; }

    /// <summary>The family:revision the tasks run; null when it could not be resolved.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>The built pods (names, essential containers); null when nothing could be built.</summary>
    public TaskPods? Built { get; init; }

    /// <summary>Pod name → the live pod, for the pods that exist.</summary>
    public IReadOnlyDictionary<string, Pod> Pods { get; init; } = new Dictionary<string, Pod>();

    /// <summary>Pods that were created and are gone: their tasks stopped (a pod is never created twice).</summary>
    public IReadOnlySet<string> Vanished { get; init; } = new HashSet<string>();

    /// <summary>Why nothing could be started (unknown task definition, unknown container, a foreign pod).</summary>
    public ServiceProblem? Problem { get; init; }

    public IReadOnlyList<TranslationNote> Notes { get; init; } = [];

    public required DateTimeOffset Now { get; init; }
}
