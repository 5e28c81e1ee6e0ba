namespace EcsBridge.Core.Build.Strategies;

/// <summary>The three points where a BLUE_GREEN, LINEAR or CANARY deployment waits for its Kubernetes-native lifecycle
/// hooks, in the order a deployment reaches them, with the hook stages each one covers (in ECS's order).</summary>
public sealed record LifecycleHookGate(string Name, IReadOnlyList<string> Stages)
{
    /// <summary>Before the new revision's tasks start: its Deployment is created at 0 tasks.</summary>
    public static readonly LifecycleHookGate ScaleUp = new("scale-up", [LifecycleStages.PreScaleUp]);

    /// <summary>BLUE_GREEN only: once the new revision is fully ready (and the test Service reaches it), before the
    /// production Service's selector moves. Under LINEAR/CANARY the new tasks take production traffic as soon as they
    /// are ready, so these stages have no place there.</summary>
    public static readonly LifecycleHookGate ProductionTraffic = new("production-traffic",
    [
        LifecycleStages.PostScaleUp, LifecycleStages.TestTrafficShift, LifecycleStages.PostTestTrafficShift,
        LifecycleStages.PreProductionTrafficShift, LifecycleStages.ProductionTrafficShift,
    ]);

    /// <summary>Once production traffic is all on the new revision: the previous revision is kept until these hooks
    /// succeeded, whatever the bake time.</summary>
    public static readonly LifecycleHookGate CleanUp = new("clean-up", [LifecycleStages.PostProductionTrafficShift]);

    /// <summary>The stages a Kubernetes-native hook runs at under a strategy; a hook's other stages are reported.</summary>
    public static IReadOnlyList<string> RunStages(string strategy) => strategy == DeploymentStrategies.BlueGreen
        ? [.. ScaleUp.Stages, .. ProductionTraffic.Stages, .. CleanUp.Stages]
        : [.. ScaleUp.Stages, .. CleanUp.Stages];
}
