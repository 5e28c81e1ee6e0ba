using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>What a LINEAR or CANARY step is decided from: the desired children of the target revision, the shift
/// schedule, the live Deployments the service controls (with the state annotations they carry) and the time.</summary>
public sealed record TrafficShiftInput
{
    /// <summary>The children <see cref="DesiredStateBuilder"/> built for the revision the service should run.</summary>
    public required DesiredState Desired { get; init; }

    public required string ServiceName { get; init; }

    public required string Family { get; init; }

    public required int Revision { get; init; }

    /// <summary>desiredCount: the tasks of both revisions together.</summary>
    public required int DesiredCount { get; init; }

    /// <summary>The shares of production traffic, in percent, step by step (<see cref="TrafficShiftSchedule"/>).</summary>
    public required TrafficShiftSchedule Schedule { get; init; }

    /// <summary>bakeTimeInMinutes: how long the previous revision's Deployment stays (at 0 tasks) after the last step.</summary>
    public int BakeTimeInMinutes { get; init; }

    /// <summary>True when the target is a circuit-breaker rollback: all traffic returns in one step, no bake.</summary>
    public bool RollingBack { get; init; }

    /// <summary>The Deployments this EcsService controls, as the cache holds them.</summary>
    public required IReadOnlyList<Deployment> Live { get; init; }

    /// <summary>The time of this reconcile (the operator's TimeProvider).</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>What the lifecycle hooks hold (<see cref="LifecycleHookPlanner"/>); nothing by default.</summary>
    public LifecycleHookVerdict Hooks { get; init; } = LifecycleHookVerdict.Open;
}
