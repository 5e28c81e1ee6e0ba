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

    /// <summary>The problems that stop a reconcile: each message names its problem (a family, a field, a child), so a
    /// new message is a new problem. Progress messages change with every count and are left out.</summary>
    private static readonly HashSet<string> Problems = new(StringComparer.Ordinal)
    {
        ConditionReasons.ValidationFailed, ConditionReasons.TaskDefinitionNotFound, ConditionReasons.RevisionNotFound,
        ConditionReasons.ChildConflict, ConditionReasons.ApplyFailed,
    };

    /// <summary>An Event when the Ready condition's status or reason changes (ChildConflict, ValidationFailed,
    /// RolloutFailed, …), or when a problem is replaced by another of the same reason (another missing family), never
    /// once per reconcile; and one when the circuit breaker rolls back. Comparing problem messages also keeps a new
    /// problem's Event when the cache still held an older status of ours.</summary>
    private void RecordTransitions(EcsService service, EcsServiceStatus status)
    {
        var before = service.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        var after = status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        if (after is not null && (before?.Reason != after.Reason || before?.Status != after.Status
                                  || (Problems.Contains(after.Reason) && before?.Message != after.Message)))
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
