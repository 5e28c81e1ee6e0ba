using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Core.Build.Strategies;
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
    /// <summary>BLUE_GREEN: an Event per lifecycle stage entered and one when production traffic moves; lifecycle
    /// hooks configured for the stage are named as not run (they are reported, never failed on).</summary>
    private void RecordStage(EcsService service, ServiceStrategyStatus? after)
    {
        var before = service.Status?.DeploymentStrategy;
        if (after is null)
        {
            return;
        }
        RecordHooks(service, before, after);
        var shifting = after.Type is "LINEAR" or "CANARY";
        if (shifting && after.TrafficPercent != before?.TrafficPercent && before is not null)
        {
            events.Record(service, EventRecorder.Normal, "TrafficShiftStep", string.Create(CultureInfo.InvariantCulture,
                $"{after.Type} step of {after.StepPercent ?? 100} %: {after.TrafficPercent ?? 0} % of production traffic (by ready tasks) on the new revision")
                + (after.StepDeadline is { } next ? string.Create(CultureInfo.InvariantCulture, $"; next step at {next:yyyy-MM-ddTHH:mm:ssZ}") : ""));
        }
        if (before?.ProductionWorkload is not null && after.ProductionWorkload != before.ProductionWorkload)
        {
            events.Record(service, EventRecorder.Normal, "ProductionTrafficShift",
                (shifting
                    ? $"PRODUCTION_TRAFFIC_SHIFT: all production traffic is on {after.ProductionWorkload} (was shared with {before.ProductionWorkload})"
                    : $"PRODUCTION_TRAFFIC_SHIFT: the production Service now selects {after.ProductionWorkload} (was {before.ProductionWorkload})")
                + HooksNotRun(service, "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"));
        }
        if (after.LifecycleStage is not { } stage || stage == before?.LifecycleStage)
        {
            return;
        }
        var message = stage switch
        {
            "SCALE_UP" when shifting => $"SCALE_UP: the new revision starts with its first step's tasks beside {after.ProductionWorkload}, which keeps serving"
                + HooksNotRun(service, "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT"),
            "PRODUCTION_TRAFFIC_SHIFT" => $"PRODUCTION_TRAFFIC_SHIFT: the production Service sends traffic to both revisions by ready tasks, step by step",
            "SCALE_UP" => $"SCALE_UP: the new revision starts at full size; production stays on {after.ProductionWorkload}; the test Service {after.TestService ?? "(none: no ports)"} reaches the new tasks"
                + HooksNotRun(service, "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT"),
            "BAKE_TIME" when shifting => $"BAKE_TIME: all traffic is on the new revision; the previous revision's Deployment stays (0 tasks) until {after.BakeDeadline:yyyy-MM-ddTHH:mm:ssZ}",
            "BAKE_TIME" => $"BAKE_TIME: the previous revision keeps running until {after.BakeDeadline:yyyy-MM-ddTHH:mm:ssZ}",
            _ => $"{stage}: the previous revision is deleted",
        };
        events.Record(service, EventRecorder.Normal, "DeploymentStage", message);
    }

    /// <summary>An Event when a Kubernetes-native lifecycle hook's task starts and when it reaches its verdict.</summary>
    private void RecordHooks(EcsService service, ServiceStrategyStatus? before, ServiceStrategyStatus after)
    {
        foreach (var run in after.LifecycleHooks ?? [])
        {
            if (before?.LifecycleHooks?.FirstOrDefault(r => r.Task == run.Task)?.Status == run.Status)
            {
                continue;
            }
            var (type, message) = run.Status switch
            {
                LifecycleHookPlanner.Statuses.Succeeded => (EventRecorder.Normal, $"{run.LifecycleStage}: lifecycle hook task {run.Task} ({run.TaskDefinition}) succeeded"),
                LifecycleHookPlanner.Statuses.Failed => (EventRecorder.Warning, $"{run.LifecycleStage}: lifecycle hook task {run.Task} ({run.TaskDefinition}) failed: {run.Reason}"),
                LifecycleHookPlanner.Statuses.TimedOut => (EventRecorder.Warning, $"{run.LifecycleStage}: lifecycle hook task {run.Task} ({run.TaskDefinition}) timed out: {run.Reason}"),
                _ => (EventRecorder.Normal, $"{run.LifecycleStage}: started lifecycle hook task {run.Task} ({run.TaskDefinition}); the stage proceeds once it succeeds"),
            };
            events.Record(service, type, "LifecycleHook", message);
        }
    }

    private static string HooksNotRun(EcsService service, params string[] stages)
    {
        // Hooks with a taskDefinition run as tasks (their own Events); the others are Lambda functions or pauses.
        var hooks = (service.Spec.DeploymentConfiguration?.LifecycleHooks ?? []).Where(h => string.IsNullOrWhiteSpace(h.TaskDefinition));
        var named = hooks.Where(h => h.LifecycleStages?.Any(stages.Contains) == true)
            .Select(h => $"{h.TargetType ?? "AWS_LAMBDA"} {h.HookTargetArn ?? "(no target)"}").ToList();
        return named.Count == 0 ? "" : "; lifecycle hook(s) not run: " + string.Join(", ", named);
    }

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
        RecordStage(service, status.DeploymentStrategy);
        if (status.Rollback is { } rollback && service.Status?.Rollback != rollback)
        {
            events.Record(service, EventRecorder.Warning, ConditionReasons.RolledBack, rollback.Reason is { } why
                ? $"{why}; the rollout of {rollback.FromTaskDefinition} rolls back to {rollback.ToTaskDefinition}"
                : $"deployment circuit breaker: the rollout of {rollback.FromTaskDefinition} failed; rolling back to {rollback.ToTaskDefinition}");
        }
    }
}
