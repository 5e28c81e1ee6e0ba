using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>
/// Computes an EcsService's status the way `aws ecs describe-services` shows it, from the children observed in
/// one reconcile: counts, the PRIMARY deployment and ACTIVE older ones with rollout states, the selector for the
/// scale subresource, and Ready / Progressing / Degraded / Translated conditions. Pure: the same input gives the
/// same status, so an unchanged world gives an unchanged status and no write.
/// </summary>
public static class ServiceStatusCalculator
{
    public static EcsServiceStatus Compute(ServiceStatusInput input)
    {
        var service = input.Service;
        var previous = service.Status;
        var generation = service.Metadata.Generation;
        var rollout = input.DaemonSet is not null ? FromDaemonSet(input.DaemonSet) : input.Deployment is not null ? FromDeployment(input.Deployment) : null;
        var shifting = input.Strategy is { Type: "LINEAR" or "CANARY" };
        if (rollout is not null && input.OtherDeployments.Count > 0 && rollout.State == RolloutStates.InProgress && input.Strategy?.StepPercent is not null)
        {
            // LINEAR/CANARY: which step, besides how far its tasks are.
            rollout = rollout with { Reason = StepReason(input.Strategy, input.TaskDefinition) + (rollout.Reason is { } why ? $" ({why})" : "") };
        }
        if (rollout is not null && input.OtherDeployments.Count > 0 && rollout.State == RolloutStates.Completed && input.Strategy?.StepPercent is not null)
        {
            rollout = rollout with { State = RolloutStates.InProgress, Reason = StepReason(input.Strategy, input.TaskDefinition) };
        }
        else if (rollout is not null && input.OtherDeployments.Count > 0 && rollout.State == RolloutStates.Completed)
        {
            // BLUE_GREEN: the new revision is ready, but the deployment lasts until the old one is gone (bake, clean-up).
            rollout = rollout with
            {
                State = RolloutStates.InProgress,
                Reason = HookReason(input.Strategy) ?? (input.Strategy?.LifecycleStage == "BAKE_TIME" && input.Strategy.BakeDeadline is { } until
                    ? string.Create(CultureInfo.InvariantCulture, $"BAKE_TIME: production traffic is on the new revision; the previous one keeps running until {until:yyyy-MM-ddTHH:mm:ssZ}")
                    : $"{input.Strategy?.LifecycleStage ?? "CLEAN_UP"}: the previous revision is being removed"),
            };
        }

        var serviceName = service.Metadata.Name ?? "";
        var token = service.Spec.ForceNewDeploymentToken;
        // Tasks of earlier deployments (another revision, or the same one before a forced new deployment), counted from
        // the pods: a pod being deleted still runs until its containers exit, and the workload's status no longer
        // counts it. The deployment is complete only once they are gone, as ECS's is once the old tasks stopped.
        var oldTasks = input.TaskDefinition is { } primaryOf ? DeploymentPods.OldTasks(input.Pods, serviceName, primaryOf, token) : 0;
        if (rollout is not null && rollout.State == RolloutStates.Completed && oldTasks > 0)
        {
            var stopping = DeploymentPods.Stopping(input.Pods, serviceName, input.TaskDefinition!, token);
            rollout = rollout with
            {
                State = RolloutStates.InProgress,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"{rollout.Ready} of {rollout.Desired} new tasks running; waiting for {oldTasks} task(s) of the previous deployment to stop ({stopping} stopping)"),
            };
        }

        // The HPA's count once it has computed one; before that (and without metrics) the workload's own.
        // LINEAR/CANARY: the target revision's Deployment runs only its step's share of desiredCount.
        var desiredCount = input.Hpa?.Status?.DesiredReplicas is > 0 and var scaled ? scaled
            : shifting && service.Spec.DesiredCount is { } declared ? declared : rollout?.Desired ?? service.Spec.DesiredCount ?? 0;
        var primaryFailures = input.TaskDefinition is { } current && rollout is not null
            ? TaskFailures.OfDeployment(input.Pods, service.Metadata.Name ?? "", current, input.EssentialContainers)
            : 0;
        if (rollout is not null && input.TaskDefinition is { } watched)
        {
            rollout = CountFailures(service, watched, rollout, primaryFailures, desiredCount);
        }
        var running = (rollout?.Ready ?? 0) + input.OtherDeployments.Sum(d => d.Status?.ReadyReplicas ?? 0);
        var pending = Math.Max(0, (rollout?.Total ?? 0) - (rollout?.Ready ?? 0))
            + input.OtherDeployments.Sum(d => Math.Max(0, (d.Status?.Replicas ?? 0) - (d.Status?.ReadyReplicas ?? 0)));

        var deployments = new List<ServiceDeployment>();
        string? lastCompleted = previous?.LastCompletedTaskDefinition;
        if (input.TaskDefinition is { } primaryTd && rollout is not null)
        {
            // Right after a new template is applied the workload's status still counts the previous template's tasks
            // as updated; until the controller observes the change, none of them runs the new task definition.
            var updated = rollout.Observed || previous?.TaskDefinition == primaryTd ? rollout.Updated : 0;
            var primaryRunning = Math.Min(updated, rollout.Ready);
            var primaryPending = Math.Max(0, updated - primaryRunning);
            deployments.Add(Deployment(previous, DeploymentPods.DeploymentId(primaryTd, token), primaryTd, DeploymentStatuses.Primary, rollout.Desired, primaryRunning, primaryPending,
                primaryFailures, rollout.State, rollout.Reason, input.Now));
            if (rollout.State == RolloutStates.Completed)
            {
                lastCompleted = primaryTd;
            }
            var primaryId = DeploymentPods.DeploymentId(primaryTd, token);
            // Terminating pods are no longer in the workload's count but still run: the larger of the two.
            var oldTotal = Math.Max(rollout.Total - updated, oldTasks);
            var previousPrimary = previous?.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary && d.Id != primaryId)
                ?? previous?.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Active && d.Id != primaryId);
            // The older tasks run the last completed revision when no earlier status named them (a status written
            // before the controller counted them).
            var oldTd = previousPrimary?.TaskDefinition
                ?? (previous?.LastCompletedTaskDefinition is { } completed && completed != primaryTd ? completed : null);
            foreach (var other in input.OtherDeployments)
            {
                // BLUE_GREEN: each earlier revision runs in its own Deployment, named by its labels.
                if (BlueGreenRevision(other) is not { } otherTd || otherTd == primaryTd)
                {
                    continue;
                }
                var before = previous?.Deployments?.FirstOrDefault(d => d.TaskDefinition == otherTd);
                var otherReady = other.Status?.ReadyReplicas ?? 0;
                deployments.Add(Deployment(previous, DeploymentPods.DeploymentId(otherTd, token), otherTd, DeploymentStatuses.Active, other.Spec?.Replicas ?? 0, otherReady,
                    Math.Max(0, (other.Status?.Replicas ?? 0) - otherReady), TaskFailures.OfDeployment(input.Pods, service.Metadata.Name ?? "", otherTd),
                    before?.RolloutState ?? RolloutStates.Completed, before?.RolloutStateReason, input.Now));
            }
            if (oldTotal > 0 && oldTd is not null && input.OtherDeployments.Count == 0)
            {
                var oldRunning = Math.Max(0, rollout.Ready - primaryRunning);
                // The older revision's task definition is not at hand here: every container of its pods counts.
                var oldFailures = TaskFailures.OfDeployment(input.Pods, service.Metadata.Name ?? "", oldTd);
                deployments.Add(Deployment(previous, previousPrimary?.Id ?? DeploymentPods.DeploymentId(oldTd, null), oldTd, DeploymentStatuses.Active, 0, oldRunning, Math.Max(0, oldTotal - oldRunning),
                    oldFailures, previousPrimary?.RolloutState ?? RolloutStates.Completed, previousPrimary?.RolloutStateReason, input.Now));
            }
        }

        var notes = input.Notes.Count == 0 ? null : input.Notes;
        var conditions = BuildConditions(input, rollout, generation, previous?.Conditions);
        var status = new EcsServiceStatus
        {
            ObservedGeneration = generation,
            Status = service.Metadata.DeletionTimestamp is null ? ServiceStatuses.Active : ServiceStatuses.Draining,
            DesiredCount = desiredCount,
            RunningCount = running,
            PendingCount = pending,
            TaskDefinition = input.TaskDefinition,
            Deployments = deployments.Count == 0 ? null : deployments,
            // Without the pods (a problem stopped the reconcile before they were read) the list stays as it was.
            StoppedTasks = input.Problem is null ? StoppedServiceTasks.Next(previous?.StoppedTasks, input.Pods, input.Now, input.StoppedTaskTtl) : previous?.StoppedTasks,
            Selector = input.Selector,
            DeploymentStrategy = input.Strategy,
            LastCompletedTaskDefinition = lastCompleted,
            Rollback = input.Rollback,
            TranslationNotes = notes,
            Conditions = conditions,
        };
        return WithEvents(previous, status, serviceName, token, input.Now);
    }

    /// <summary>The status with its events brought up to date against the previous one; call again after changing
    /// the status (the circuit breaker's rollback): the events are a function of both statuses, not added to.</summary>
    public static EcsServiceStatus WithEvents(EcsServiceStatus? previous, EcsServiceStatus status, string serviceName, string? forceToken, DateTimeOffset now) =>
        status with { Events = ServiceEvents.Next(previous, status, serviceName, forceToken, now) };

    /// <summary>A deleted service that something (a finalizer, foreground deletion) still holds: what ECS shows while
    /// a deleted service's tasks stop. Everything else stays as last computed.</summary>
    public static EcsServiceStatus Draining(EcsServiceStatus? previous) =>
        (previous ?? new EcsServiceStatus()) with { Status = ServiceStatuses.Draining };

    /// <summary>
    /// ECS's deployment circuit breaker by failed tasks, beside the progress deadline (which the Deployment reports):
    /// a rollout in progress fails once its failed tasks reach <see cref="TaskFailures.Threshold"/>. Only while the
    /// circuit breaker is enabled and only until the revision has completed once (ECS stops watching a completed
    /// deployment). A deployment that failed stays FAILED while it is PRIMARY, as in ECS, even when its pods are
    /// replaced and their count starts again.
    /// </summary>
    private static RolloutView CountFailures(EcsService service, string taskDefinition, RolloutView rollout, int failures, int desiredCount)
    {
        var previous = service.Status;
        if (rollout.State != RolloutStates.InProgress || service.Spec.DeploymentConfiguration?.DeploymentCircuitBreaker?.Enable != true
            || previous?.LastCompletedTaskDefinition == taskDefinition)
        {
            return rollout;
        }
        var id = DeploymentPods.DeploymentId(taskDefinition, service.Spec.ForceNewDeploymentToken);
        var before = previous?.Deployments?.FirstOrDefault(d => d.Id == id && d.Status == DeploymentStatuses.Primary);
        if (before?.RolloutState == RolloutStates.Failed)
        {
            return rollout with { State = RolloutStates.Failed, Reason = before.RolloutStateReason };
        }
        var threshold = TaskFailures.Threshold(desiredCount);
        return failures >= threshold
            ? rollout with
            {
                State = RolloutStates.Failed,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"ECS deployment circuit breaker: {failures} tasks failed to start (threshold {threshold}: half of {desiredCount} desired, between {TaskFailures.MinimumThreshold} and {TaskFailures.MaximumThreshold})"),
            }
            : rollout;
    }

    /// <summary>The lifecycle hook the current stage waits for (or that failed), when one does.</summary>
    private static string? HookReason(ServiceStrategyStatus? strategy) =>
        strategy?.LifecycleHooks?.LastOrDefault(r => r.LifecycleStage == strategy.LifecycleStage && r.Status != LifecycleHookPlanner.Statuses.Succeeded) is { } run
            ? run.Status == LifecycleHookPlanner.Statuses.InProgress
                ? $"{run.LifecycleStage}: waiting for lifecycle hook task {run.Task} ({run.TaskDefinition})"
                : $"{run.LifecycleStage}: lifecycle hook task {run.Task} ({run.TaskDefinition}) {(run.Status == LifecycleHookPlanner.Statuses.Failed ? "failed" : "timed out")}: {run.Reason}"
            : null;

    /// <summary>A LINEAR/CANARY step in words: the share it aims for, the share in effect, and when the next step begins.</summary>
    private static string StepReason(ServiceStrategyStatus strategy, string? taskDefinition) =>
        string.Create(CultureInfo.InvariantCulture, $"{strategy.Type} step of {strategy.StepPercent} %: {strategy.TrafficPercent ?? 0} % of production traffic (by ready tasks) on {taskDefinition ?? "the new revision"}")
        + (strategy.StepDeadline is { } next ? string.Create(CultureInfo.InvariantCulture, $"; next step at {next:yyyy-MM-ddTHH:mm:ssZ}") : "");

    /// <summary>family:revision from a Deployment's pod template labels.</summary>
    private static string? BlueGreenRevision(Deployment deployment) =>
        deployment.Spec?.Template?.Metadata?.Labels is { } labels && labels.TryGetValue(Labels.TaskDefinition, out var family)
        && labels.TryGetValue(Labels.Revision, out var revision) ? family + ":" + revision : null;

    private static ServiceDeployment Deployment(EcsServiceStatus? previous, string id, string taskDefinition, string status, int desired, int running,
        int pending, int failed, string state, string? reason, DateTimeOffset now)
    {
        var before = previous?.Deployments?.FirstOrDefault(d => d.Id == id);
        var entry = new ServiceDeployment
        {
            Id = id,
            Status = status,
            TaskDefinition = taskDefinition,
            DesiredCount = desired,
            RunningCount = running,
            PendingCount = pending,
            FailedTasks = failed,
            RolloutState = state,
            RolloutStateReason = reason,
            CreatedAt = before?.CreatedAt ?? now,
            UpdatedAt = before?.UpdatedAt ?? now,
        };
        // updatedAt moves only when something about the deployment changed.
        return before is not null && before with { UpdatedAt = null } == entry with { UpdatedAt = null } ? entry : entry with { UpdatedAt = now };
    }

    private static IReadOnlyList<Condition> BuildConditions(ServiceStatusInput input, RolloutView? rollout, long? generation, IReadOnlyList<Condition>? previous)
    {
        var now = input.Now;
        var conditions = new List<Condition>(4);
        var rolledBack = input.Rollback;
        if (input.Problem is { } problem)
        {
            conditions.Add(Conditions.Make(ConditionTypes.Ready, false, problem.Reason, problem.Message, generation, previous, now));
            conditions.Add(Conditions.Make(ConditionTypes.Progressing, false, problem.Reason, problem.Message, generation, previous, now));
            conditions.Add(Conditions.Make(ConditionTypes.Degraded, true, problem.Reason, problem.Message, generation, previous, now));
        }
        else
        {
            var state = rollout?.State ?? RolloutStates.InProgress;
            var reason = rollout?.Reason;
            var ready = state == RolloutStates.Completed;
            conditions.Add(Conditions.Make(ConditionTypes.Ready, ready,
                ready ? ConditionReasons.RolloutCompleted : state == RolloutStates.Failed ? ConditionReasons.RolloutFailed : ConditionReasons.RolloutInProgress,
                ready ? $"{input.TaskDefinition} is running {rollout?.Desired ?? 0} of {rollout?.Desired ?? 0} tasks" : reason ?? "waiting for the rollout", generation, previous, now));
            conditions.Add(Conditions.Make(ConditionTypes.Progressing, state == RolloutStates.InProgress,
                state switch { RolloutStates.Completed => ConditionReasons.RolloutCompleted, RolloutStates.Failed => ConditionReasons.RolloutFailed, _ => ConditionReasons.RolloutInProgress },
                reason ?? $"rolling out {input.TaskDefinition}", generation, previous, now));
            if (rolledBack is not null)
            {
                conditions.Add(Conditions.Make(ConditionTypes.Degraded, true, ConditionReasons.RolledBack,
                    rolledBack.Reason is { } why
                        ? $"the rollout of {rolledBack.FromTaskDefinition} failed ({why}); rolled back to {rolledBack.ToTaskDefinition}"
                        : $"the rollout of {rolledBack.FromTaskDefinition} failed; the circuit breaker rolled back to {rolledBack.ToTaskDefinition}", generation, previous, now));
            }
            else if (state == RolloutStates.Failed)
            {
                conditions.Add(Conditions.Make(ConditionTypes.Degraded, true, ConditionReasons.RolloutFailed, reason, generation, previous, now));
            }
            else if (input.Warning is { } warning)
            {
                conditions.Add(Conditions.Make(ConditionTypes.Degraded, true, warning.Reason, warning.Message, generation, previous, now));
            }
            else
            {
                conditions.Add(Conditions.Make(ConditionTypes.Degraded, false, ConditionReasons.AsExpected, "no problems", generation, previous, now));
            }
        }
        conditions.Add(input.Notes.Count == 0
            ? Conditions.Make(ConditionTypes.Translated, true, ConditionReasons.FullyTranslated, "every field is honoured on Kubernetes", generation, previous, now)
            : Conditions.Make(ConditionTypes.Translated, false, ConditionReasons.LossyTranslation,
                $"{input.Notes.Count} field(s) accepted but not honoured: " + string.Join("; ", input.Notes.Select(n => $"{n.Field}: {n.Message}")),
                generation, previous, now));
        return conditions;
    }

    /// <summary>What a workload's status says about its rollout.</summary>
    private sealed record RolloutView(int Desired, int Total, int Updated, int Ready, string State, string? Reason, bool Observed = true);

    private static RolloutView FromDeployment(Deployment deployment)
    {
        var status = deployment.Status;
        var desired = deployment.Spec?.Replicas ?? 1;
        var total = status?.Replicas ?? 0;
        var updated = status?.UpdatedReplicas ?? 0;
        var ready = status?.ReadyReplicas ?? 0;
        var available = status?.AvailableReplicas ?? 0;
        var observed = status?.ObservedGeneration is { } og && og >= (deployment.Metadata.Generation ?? 0);
        var progressing = status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        // Only a verdict on the spec we see: right after a new template is applied, the status (and its
        // ProgressDeadlineExceeded) still describes the previous rollout until the controller observes the new one.
        if (observed && progressing?.Reason == "ProgressDeadlineExceeded")
        {
            return new RolloutView(desired, total, updated, ready, RolloutStates.Failed,
                $"tasks did not become healthy within the progress deadline ({progressing.Message})");
        }
        if (observed && updated == desired && available >= desired && total == updated)
        {
            return new RolloutView(desired, total, updated, ready, RolloutStates.Completed, null);
        }
        var reason = observed
            ? string.Create(CultureInfo.InvariantCulture, $"{updated} of {desired} tasks updated, {available} available")
            : string.Create(CultureInfo.InvariantCulture, $"waiting for the Deployment controller to start the rollout ({available} of {desired} tasks available)");
        return new RolloutView(desired, total, updated, ready, RolloutStates.InProgress, reason, observed);
    }

    private static RolloutView FromDaemonSet(DaemonSet daemonSet)
    {
        var status = daemonSet.Status;
        var desired = status?.DesiredNumberScheduled ?? 0;
        var updated = status?.UpdatedNumberScheduled ?? 0;
        var ready = status?.NumberReady ?? 0;
        var available = status?.NumberAvailable ?? 0;
        var total = status?.CurrentNumberScheduled ?? 0;
        var observed = status?.ObservedGeneration is { } og && og >= (daemonSet.Metadata.Generation ?? 0);
        var state = observed && updated == desired && available >= desired ? RolloutStates.Completed : RolloutStates.InProgress;
        return new RolloutView(desired, total, updated, ready, state,
            state == RolloutStates.Completed ? null : string.Create(CultureInfo.InvariantCulture, $"{updated} of {desired} nodes updated, {available} available"), observed);
    }
}
