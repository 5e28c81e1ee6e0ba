using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("Where a BLUE_GREEN, LINEAR or CANARY deployment stands: ECS's lifecycle stage, the share of production traffic on the new revision (for LINEAR/CANARY the step's share and when the next step begins), and the bake deadline. Absent for ROLLING.")]
public sealed record ServiceStrategyStatus
{
    [Description("The deployment strategy in effect.")]
    [Enum("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY")]
    public required string Type { get; init; }

    [Description("ECS's lifecycle stage: PRE_SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRE_PRODUCTION_TRAFFIC_SHIFT or POST_PRODUCTION_TRAFFIC_SHIFT while a lifecycle hook of that stage runs; SCALE_UP (the new revision starts: at full size under BLUE_GREEN, where the test Service reaches it; at its first step's size under LINEAR/CANARY), PRODUCTION_TRAFFIC_SHIFT (LINEAR/CANARY: traffic moves step by step), BAKE_TIME (production traffic moved; the old revision keeps running until bakeDeadline), CLEAN_UP (the old revision is being deleted). Absent once only one revision runs.")]
    public string? LifecycleStage { get; init; }

    [Description("Percent of production traffic on the service's current revision. BLUE_GREEN: the production Service selects one revision, so 0 before the switch and 100 after. LINEAR/CANARY: the production Service selects both revisions, so the share is the new revision's ready tasks of all the step's tasks.")]
    public int? TrafficPercent { get; init; }

    [Description("LINEAR/CANARY: the share the current step aims for, in percent, as configured (the tasks carry it rounded to whole tasks: trafficPercent).")]
    public double? StepPercent { get; init; }

    [Description("LINEAR/CANARY: when the next step begins (absent while the step's tasks start, and at the last step).")]
    public DateTimeOffset? StepDeadline { get; init; }

    [Description("Until when the previous revision keeps running (BAKE_TIME).")]
    public DateTimeOffset? BakeDeadline { get; init; }

    [Description("The Deployment the production Service selects.")]
    public string? ProductionWorkload { get; init; }

    [Description("The Service that reaches only the new revision's tasks.")]
    public string? TestService { get; init; }

    [Description("The Kubernetes-native lifecycle hooks (taskDefinition) run so far in this deployment, in stage order.")]
    public IReadOnlyList<LifecycleHookRun>? LifecycleHooks { get; init; }
}
