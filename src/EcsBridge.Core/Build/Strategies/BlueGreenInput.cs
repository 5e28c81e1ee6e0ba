using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>What a blue/green step is decided from: the desired children of the target revision, the live
/// Deployments the service controls, and the time.</summary>
public sealed record BlueGreenInput
{
    /// <summary>The children <see cref="DesiredStateBuilder"/> built for the revision the service should run.</summary>
    public required DesiredState Desired { get; init; }

    /// <summary>The EcsService's name (the production Service's name).</summary>
    public required string ServiceName { get; init; }

    public required string Family { get; init; }

    public required int Revision { get; init; }

    /// <summary>desiredCount: the green Deployment's size.</summary>
    public required int DesiredCount { get; init; }

    /// <summary>bakeTimeInMinutes (0 when absent).</summary>
    public int BakeTimeInMinutes { get; init; }

    /// <summary>True when the target is a circuit-breaker rollback: traffic returns at once and there is no bake.</summary>
    public bool RollingBack { get; init; }

    /// <summary>The Deployments this EcsService controls, as the cache holds them.</summary>
    public required IReadOnlyList<Deployment> Live { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>What the lifecycle hooks hold (<see cref="LifecycleHookPlanner"/>); nothing by default.</summary>
    public LifecycleHookVerdict Hooks { get; init; } = LifecycleHookVerdict.Open;
}
