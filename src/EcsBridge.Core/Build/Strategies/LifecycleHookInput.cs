using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>What the lifecycle hooks of a deployment are decided from: the hooks, where the deployment stands (read
/// from the live Deployments) and the hook tasks the new revision's Deployment controls.</summary>
public sealed record LifecycleHookInput
{
    public required IReadOnlyList<DeploymentLifecycleHook> Hooks { get; init; }

    /// <summary>BLUE_GREEN, LINEAR or CANARY.</summary>
    public required string Strategy { get; init; }

    /// <summary>The EcsService's name (the hook tasks say whom they gate).</summary>
    public required string ServiceName { get; init; }

    /// <summary>The new revision's Deployment as the cache holds it; null before it is created (its hook tasks need its
    /// uid for their owner reference).</summary>
    public Deployment? Target { get; init; }

    /// <summary>The production Service selects the new revision already (the switch, or the last step, happened).</summary>
    public required bool Switched { get; init; }

    /// <summary>Every task of the new revision runs and is ready.</summary>
    public required bool TargetReady { get; init; }

    /// <summary>Another revision of the service runs (or is kept for the bake): there is something to shift from.</summary>
    public required bool HasPrevious { get; init; }

    /// <summary>A rollback runs no hooks: it goes back to a revision that already passed them.</summary>
    public required bool RollingBack { get; init; }

    /// <summary>The EcsTask of a name in the service's namespace, as the cache holds it (null when there is none).</summary>
    public required Func<string, EcsTask?> FindTask { get; init; }

    public required DateTimeOffset Now { get; init; }
}
