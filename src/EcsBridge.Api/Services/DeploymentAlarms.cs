using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("CloudWatch alarms for rollouts. Reported.")]
public sealed record DeploymentAlarms
{
    [Description("The alarm names.")]
    public required IReadOnlyList<string> AlarmNames { get; init; }

    [Description("Watch the alarms.")]
    public required bool Enable { get; init; }

    [Description("Roll back when an alarm fires.")]
    public required bool Rollback { get; init; }
}
