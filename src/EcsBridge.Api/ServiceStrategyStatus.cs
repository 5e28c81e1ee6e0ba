using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("Where a BLUE_GREEN deployment stands: ECS's lifecycle stage, the share of production traffic on the new revision, and the bake deadline. Absent for ROLLING.")]
public sealed record ServiceStrategyStatus
{
    [Description("The deployment strategy in effect.")]
    [Enum("ROLLING", "BLUE_GREEN", "LINEAR", "CANARY")]
    public required string Type { get; init; }

    [Description("ECS's lifecycle stage: SCALE_UP (the new revision starts at full size; the test Service reaches it), BAKE_TIME (production traffic moved; the old revision keeps running until bakeDeadline), CLEAN_UP (the old revision is being deleted). Absent once only one revision runs.")]
    public string? LifecycleStage { get; init; }

    [Description("Percent of production traffic on the service's current revision: the production Service selects only one revision, so 0 before the switch and 100 after.")]
    public int? TrafficPercent { get; init; }

    [Description("Until when the previous revision keeps running (BAKE_TIME).")]
    public DateTimeOffset? BakeDeadline { get; init; }

    [Description("The Deployment the production Service selects.")]
    public string? ProductionWorkload { get; init; }

    [Description("The Service that reaches only the new revision's tasks.")]
    public string? TestService { get; init; }
}
