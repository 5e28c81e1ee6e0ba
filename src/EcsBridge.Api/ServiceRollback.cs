using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("A rollback (by the circuit breaker or a failed lifecycle hook): which revision failed, which one the service went back to, and the spec generation it failed at. It lasts until the service is given another revision.")]
public sealed record ServiceRollback
{
    [Description("The family:revision whose rollout failed.")]
    public required string FromTaskDefinition { get; init; }

    [Description("The family:revision the service rolled back to.")]
    public required string ToTaskDefinition { get; init; }

    [Description("The metadata.generation when the rollout failed. Only another revision ends the rollback, so a scale (a new generation) does not.")]
    public required long Generation { get; init; }

    [Description("Why: absent for the circuit breaker; the failed or timed-out lifecycle hook otherwise.")]
    public string? Reason { get; init; }

    [Description("When the rollback happened.")]
    public DateTimeOffset? At { get; init; }
}
