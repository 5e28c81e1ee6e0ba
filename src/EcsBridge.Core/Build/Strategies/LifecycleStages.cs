namespace EcsBridge.Core.Build.Strategies;

/// <summary>ECS's deployment lifecycle stage names (ServiceDeployment.lifecycleStage), the ones a blue/green
/// deployment on Kubernetes passes through.</summary>
public static class LifecycleStages
{
    /// <summary>The green Deployment is being created and scaled to full size; the test Service already selects it.</summary>
    public const string ScaleUp = "SCALE_UP";

    /// <summary>The production Service's selector moves to the green revision (one apply).</summary>
    public const string ProductionTrafficShift = "PRODUCTION_TRAFFIC_SHIFT";

    /// <summary>Green serves production traffic; blue keeps running until the bake deadline.</summary>
    public const string BakeTime = "BAKE_TIME";

    /// <summary>The bake deadline passed: the blue Deployment is deleted.</summary>
    public const string CleanUp = "CLEAN_UP";
}
