using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("The deployment circuit breaker: a rollout that exceeds its progress deadline is marked FAILED.")]
public sealed record DeploymentCircuitBreaker
{
    [Description("Turn the circuit breaker on.")]
    public required bool Enable { get; init; }

    [Description("On failure, roll back to the last COMPLETED revision.")]
    public required bool Rollback { get; init; }
}
