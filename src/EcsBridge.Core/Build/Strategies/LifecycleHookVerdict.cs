using EcsBridge.Api;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>Where the lifecycle hooks leave a deployment: which gates hold it, the hook tasks to start, what the status
/// shows, and a failure that rolls it back.</summary>
public sealed record LifecycleHookVerdict
{
    public static readonly LifecycleHookVerdict Open = new();

    /// <summary>The new revision's Deployment stays at 0 tasks (PRE_SCALE_UP hooks have not all succeeded).</summary>
    public bool HoldScaleUp { get; init; }

    /// <summary>The production Service keeps the previous revision (BLUE_GREEN: hooks before the switch).</summary>
    public bool HoldProductionTraffic { get; init; }

    /// <summary>The previous revision is kept past its bake deadline (POST_PRODUCTION_TRAFFIC_SHIFT hooks).</summary>
    public bool HoldCleanUp { get; init; }

    /// <summary>The stage whose hooks the deployment waits for; null when none holds it.</summary>
    public string? WaitingStage { get; init; }

    /// <summary>Hook tasks to create (create only: a hook task is never changed once it exists).</summary>
    public IReadOnlyList<EcsTask> Start { get; init; } = [];

    public IReadOnlyList<LifecycleHookRun> Runs { get; init; } = [];

    /// <summary>A hook failed or timed out with ROLLBACK: the deployment rolls back, as on ECS.</summary>
    public string? Failure { get; init; }

    /// <summary>The next hook timeout, to look again then.</summary>
    public DateTimeOffset? NextExpiry { get; init; }
}
