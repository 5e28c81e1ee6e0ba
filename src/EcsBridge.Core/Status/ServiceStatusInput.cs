using EcsBridge.Api;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>Everything the status of an EcsService is computed from, observed in one reconcile.</summary>
public sealed record ServiceStatusInput
{
    public required EcsService Service { get; init; }

    /// <summary>family:revision the service runs (after any rollback), or null when it could not be resolved.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>The label selector text of the service's tasks.</summary>
    public string? Selector { get; init; }

    public Deployment? Deployment { get; init; }

    public DaemonSet? DaemonSet { get; init; }

    /// <summary>BLUE_GREEN: the Deployments of earlier revisions still running beside <see cref="Deployment"/> (the
    /// target revision's): ACTIVE deployments, and the rollout is not complete while any runs.</summary>
    public IReadOnlyList<Deployment> OtherDeployments { get; init; } = [];

    /// <summary>BLUE_GREEN: the stage, traffic share and bake deadline; null for ROLLING.</summary>
    public ServiceStrategyStatus? Strategy { get; init; }

    public HorizontalPodAutoscaler? Hpa { get; init; }

    /// <summary>The service's pods as the cache holds them: the deployments' failed tasks are counted from them.</summary>
    public IReadOnlyList<Pod> Pods { get; init; } = [];

    /// <summary>The containers of <see cref="TaskDefinition"/> whose failures count (see
    /// <see cref="TaskFailures.OfPod"/>); null counts every container.</summary>
    public IReadOnlySet<string>? EssentialContainers { get; init; }

    /// <summary>Why the service cannot be reconciled (validation, missing task definition, apply failure), if so.</summary>
    public ServiceProblem? Problem { get; init; }

    /// <summary>The circuit-breaker rollback in force, if any.</summary>
    public ServiceRollback? Rollback { get; init; }

    /// <summary>A problem that leaves the workload running (its task definition family deleted): Degraded=True with
    /// its reason while Ready still follows the rollout.</summary>
    public ServiceProblem? Warning { get; init; }

    public IReadOnlyList<TranslationNote> Notes { get; init; } = [];

    /// <summary>How long a stopped task stays in <c>status.stoppedTasks</c> (<c>--stopped-task-ttl</c>).</summary>
    public TimeSpan StoppedTaskTtl { get; init; } = TimeSpan.FromHours(1);

    public required DateTimeOffset Now { get; init; }
}

/// <summary>A reason (CamelCase) and a message naming the field or object at fault.</summary>
public sealed record ServiceProblem(string Reason, string Message);
