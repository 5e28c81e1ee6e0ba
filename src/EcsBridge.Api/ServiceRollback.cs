using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("A circuit-breaker rollback: which revision failed, which one the service went back to, and for which spec generation.")]
public sealed record ServiceRollback
{
    [Description("The family:revision whose rollout failed.")]
    public required string FromTaskDefinition { get; init; }

    [Description("The family:revision the service rolled back to.")]
    public required string ToTaskDefinition { get; init; }

    [Description("The metadata.generation of the spec that failed; a newer spec ends the rollback.")]
    public required long Generation { get; init; }

    [Description("When the rollback happened.")]
    public DateTimeOffset? At { get; init; }
}
