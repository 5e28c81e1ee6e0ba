using EcsBridge.Api;

namespace EcsBridge.Reconcile.Services;

/// <summary>
/// Phase 4 of an EcsService reconcile, pure: ECS's deployment circuit breaker, and the rollback a failed lifecycle hook
/// asks for. A rollout that failed (its failed tasks
/// reached ECS's threshold, <see cref="Core.Status.TaskFailures"/>, or it made no progress within the progress
/// deadline; both in <see cref="Core.Status.ServiceStatusCalculator"/>) goes back to the last completed revision when <c>deploymentCircuitBreaker</c> has both <c>enable</c> and <c>rollback</c>, and stays
/// there until the spec changes (the rollback records the generation it applies to). The decision goes into the
/// same status write as the rest of the status.
/// </summary>
internal static class CircuitBreaker
{
    /// <param name="service">The service as the cache holds it (spec and generation).</param>
    /// <param name="status">The status just computed for this reconcile.</param>
    /// <param name="running">family:revision the service runs now.</param>
    /// <param name="hookFailure">A lifecycle hook that failed or timed out (<see cref="StrategyStep.HookFailure"/>): it
    /// rolls back whether or not the breaker is enabled, as a Lambda hook returning FAILED does on ECS.</param>
    /// <returns>The rollback to record, or null when the breaker does not trip.</returns>
    public static ServiceRollback? Decide(EcsService service, EcsServiceStatus status, string running, DateTimeOffset now, string? hookFailure = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(status);
        var breaker = service.Spec.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var primary = status.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary);
        var tripped = hookFailure is not null || (breaker?.Enable == true && breaker.Rollback == true && primary?.RolloutState == RolloutStates.Failed);
        if (!tripped || status.LastCompletedTaskDefinition is not { } target || target == running || status.Rollback is not null)
        {
            return null;
        }
        return new ServiceRollback
        {
            FromTaskDefinition = running,
            ToTaskDefinition = target,
            Generation = service.Metadata.Generation ?? 0,
            Reason = hookFailure,
            At = now,
        };
    }
}
