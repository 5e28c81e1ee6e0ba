using EcsBridge.Api;
using EcsBridge.Events;
using EcsBridge.Status;
using EcsBridge.Watch;

namespace EcsBridge.Reconcile.Services;

/// <summary>
/// Phase 5 of an EcsService reconcile: the one status write, at the end, and only when the status differs from what
/// the cache holds; then the Events a person wants in <c>kubectl describe</c>, only for transitions.
/// </summary>
internal sealed class StatusPublisher(StatusWriter writer, EventRecorder events)
{
    public async Task PublishAsync(EcsService service, EcsServiceStatus status, CancellationToken cancellationToken)
    {
        var written = await writer.WriteAsync(OperatorResources.EcsServices, service, service.Status, status,
            ApiJsonContext.Default.EcsServiceStatus, cancellationToken).ConfigureAwait(false);
        if (written)
        {
            RecordTransitions(service, status);
        }
    }

    /// <summary>An Event when the Ready condition's status or reason changes (ChildConflict, ValidationFailed,
    /// RolloutFailed, …), never once per reconcile; and one when the circuit breaker rolls back.</summary>
    private void RecordTransitions(EcsService service, EcsServiceStatus status)
    {
        var before = service.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        var after = status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        if (after is not null && (before?.Reason != after.Reason || before?.Status != after.Status))
        {
            var type = after.Status == "True" || after.Reason == ConditionReasons.RolloutInProgress ? EventRecorder.Normal : EventRecorder.Warning;
            events.Record(service, type, after.Reason, after.Message);
        }
        if (status.Rollback is { } rollback && service.Status?.Rollback != rollback)
        {
            events.Record(service, EventRecorder.Warning, ConditionReasons.RolledBack,
                $"deployment circuit breaker: the rollout of {rollback.FromTaskDefinition} failed; rolling back to {rollback.ToTaskDefinition}");
        }
    }
}
