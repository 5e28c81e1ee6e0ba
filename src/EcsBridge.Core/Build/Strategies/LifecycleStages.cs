namespace EcsBridge.Core.Build.Strategies;

/// <summary>ECS's deployment lifecycle stage names (ServiceDeployment.lifecycleStage and the stages a lifecycle hook
/// names), the ones a deployment on Kubernetes passes through.</summary>
public static class LifecycleStages
{
    /// <summary>A lifecycle hook of this stage runs before the new revision starts (its Deployment waits at 0 tasks).</summary>
    public const string PreScaleUp = "PRE_SCALE_UP";

    /// <summary>The green Deployment is being created and scaled to full size; the test Service already selects it.</summary>
    public const string ScaleUp = "SCALE_UP";

    /// <summary>Hook stages between "the new revision runs" and "production traffic moves", in ECS's order. Under
    /// BLUE_GREEN the test Service already reaches the new tasks in all of them.</summary>
    public const string PostScaleUp = "POST_SCALE_UP";

    public const string TestTrafficShift = "TEST_TRAFFIC_SHIFT";

    public const string PostTestTrafficShift = "POST_TEST_TRAFFIC_SHIFT";

    public const string PreProductionTrafficShift = "PRE_PRODUCTION_TRAFFIC_SHIFT";

    /// <summary>The production Service's selector moves to the green revision (one apply).</summary>
    public const string ProductionTrafficShift = "PRODUCTION_TRAFFIC_SHIFT";

    /// <summary>A lifecycle hook of this stage runs once production traffic moved; the previous revision stays until it
    /// succeeded (and the bake time is over).</summary>
    public const string PostProductionTrafficShift = "POST_PRODUCTION_TRAFFIC_SHIFT";

    /// <summary>Green serves production traffic; blue keeps running until the bake deadline.</summary>
    public const string BakeTime = "BAKE_TIME";

    /// <summary>The bake deadline passed: the blue Deployment is deleted.</summary>
    public const string CleanUp = "CLEAN_UP";

    /// <summary>ECS runs a RECONCILE_SERVICE hook when a deployment starts with more than one active revision; there is
    /// no such moment here, so such a hook is reported and not run.</summary>
    public const string ReconcileService = "RECONCILE_SERVICE";
}
