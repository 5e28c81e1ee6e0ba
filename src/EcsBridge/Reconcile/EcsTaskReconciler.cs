using EcsBridge.Api;
using EcsBridge.Api.Tasks;
using EcsBridge.Apply;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Core.Validation;
using EcsBridge.Core.Status;
using EcsBridge.Events;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Observability;
using EcsBridge.Reconcile.Services;
using EcsBridge.Status;
using EcsBridge.Watch;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Reconcile;

/// <summary>
/// Reconciles one EcsTask (a one-off ECS task, run-task):
/// <list type="number">
/// <item>an EcsTask whose tasks stopped longer than the stopped-task TTL ago is deleted (its pods go with it);</item>
/// <item>the task definition is resolved as a service's is (<see cref="RevisionResolver"/>), then fixed in
/// status.taskDefinition, so a newer revision never changes tasks that started;</item>
/// <item>the pods are built by <see cref="TaskPodBuilder"/> (pure) and each is created once, by server-side apply
/// without force: a pod that exists is never written again, and a pod that was created and vanished is reported
/// stopped, never run again. A pod of that name that this EcsTask does not control is never touched;</item>
/// <item>a pod whose essential container exited while others still run is deleted (ECS stops the task then), and so
/// is the pod of a task named in spec.stopRequests (StopTask);</item>
/// <item>the status (<see cref="TaskStatusCalculator"/>, pure) is written once, with an Event on each transition.</item>
/// </list>
/// Stopped tasks are looked at again when their TTL runs out (requeue after), never slept on.
/// </summary>
internal sealed class EcsTaskReconciler(
    Caches caches, ChildApplier applier, StatusWriter statusWriter, EventRecorder events, BuildOptions buildOptions,
    TimeSpan stoppedTaskTtl, TimeProvider time, ILogger<EcsTaskReconciler> logger) : IReconciler
{
    private readonly RevisionResolver _resolver = new(caches);

    public string Name => "ecstask";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var task = caches.Tasks.Get(key.Namespace, key.Name);
        if (task is null || task.Metadata.DeletionTimestamp is not null)
        {
            // Pods carry controller references: the garbage collector removes them with the EcsTask.
            return ReconcileResult.Done;
        }
        var now = Truncate(time.GetUtcNow());

        // 1. Stopped long enough: the EcsTask goes, as ECS forgets stopped tasks after about an hour. A lifecycle hook's
        // task is the exception: the revision it gates reads its verdict, so it goes with that revision's Deployment.
        if (task.Status is { LastStatus: TaskStatuses.Stopped, StoppedAt: { } stoppedAt } && LifecycleHookPlanner.GatedDeployment(task) is null)
        {
            var remaining = stoppedAt + stoppedTaskTtl - now;
            if (remaining <= TimeSpan.Zero)
            {
                await applier.Client.DeleteIfExistsAsync(OperatorResources.EcsTasks, key.Namespace, key.Name,
                    new DeleteOptions { PropagationPolicy = "Background", PreconditionUid = task.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
                Log.TaskExpired(logger, key.ToString(), stoppedAt, stoppedTaskTtl);
                return ReconcileResult.Done;
            }
            return ReconcileResult.After(remaining);
        }

        // 2. The revision: fixed once the tasks started.
        var reference = task.Status?.TaskDefinition ?? task.Spec.TaskDefinition;
        var service = TaskPodBuilder.AsService(task, reference);
        if (task.Status?.TaskDefinition is { } pinned)
        {
            // The resolver keeps a stored revision whose family was deleted for a service that runs it; so does a task.
            service = service with { Status = new EcsServiceStatus { TaskDefinition = pinned } };
        }
        var resolution = _resolver.Resolve(service, EmptyValues.Drop(service.Spec));
        if (resolution.Problem is { } problem)
        {
            return await PublishProblemAsync(task, problem, null, null, now, cancellationToken).ConfigureAwait(false);
        }
        if (resolution.TaskDefinition is not { } resolved)
        {
            // The task definition's revision is being recorded; its status update enqueues this task.
            return ReconcileResult.Done;
        }

        // 3. Build; create each pod once.
        // The number of tasks is fixed once they started, like the revision.
        var started = task.Status?.Tasks?.Count is > 0 and var n ? task with { Spec = task.Spec with { Count = n } } : task;
        var built = TaskPodBuilder.Build(started, resolved, buildOptions with { OwnerUid = task.Metadata.Uid });
        if (built.Errors.Count > 0)
        {
            return await PublishProblemAsync(task, new ServiceProblem(ConditionReasons.UnknownContainer, string.Join("; ", built.Errors)),
                resolved.Reference, built, now, cancellationToken).ConfigureAwait(false);
        }
        var live = new Dictionary<string, Pod>(StringComparer.Ordinal);
        var vanished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in built.Pods)
        {
            var name = pod.Metadata.Name!;
            var recorded = task.Status?.Tasks?.FirstOrDefault(t => t.Pod == name);
            if (recorded?.LastStatus == TaskStatuses.Stopped)
            {
                continue;
            }
            // The cache holds only pods labelled managed-by; a miss is checked against the API (once per pod, or when
            // a recorded pod seems gone), so cache lag never makes a pod twice or reports a live one vanished.
            var current = caches.Pods.Get(key.Namespace, name)
                ?? await applier.Client.TryGetAsync(ResourceType.Pods, key.Namespace, name, WorkloadsJsonContext.Default.Pod, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (current is not null)
            {
                if (!Controls(task, current))
                {
                    return await PublishProblemAsync(task, new ServiceProblem(ConditionReasons.ChildConflict,
                        $"pod {name} exists and is not controlled by this EcsTask; it is never written. Delete it or rename the EcsTask"),
                        resolved.Reference, built, now, cancellationToken, retry: true).ConfigureAwait(false);
                }
                live[name] = current;
            }
            else if (recorded is not null || TaskStatusCalculator.StopRequested(task, name) is not null)
            {
                // Gone, or stopped (StopTask) before its pod was made: the task is stopped and its pod never made.
                vanished.Add(name);
            }
            else
            {
                try
                {
                    var created = await applier.EnsureAsync<Pod>(ResourceType.Pods, ApplyBody.For(pod), null, WorkloadsJsonContext.Default.Pod, cancellationToken).ConfigureAwait(false);
                    live[name] = created;
                    Log.TaskStarted(logger, name, key.ToString(), resolved.Reference);
                }
                catch (KubeConflictException)
                {
                    // A pod of that name appeared since we looked: look again.
                    return ReconcileResult.Retry;
                }
                catch (KubeApiException ex) when (ex is KubeInvalidException or KubeBadRequestException or KubeForbiddenException)
                {
                    // The pod cannot be made: an invalid pod fails to start for good; a refusal (a quota, a namespace's
                    // default ServiceAccount not made yet, an admission policy) may pass later, so it is retried.
                    return await PublishProblemAsync(task, new ServiceProblem(StopCodes.TaskFailedToStart, $"pod {name}: {ex.Message}"),
                        resolved.Reference, built, now, cancellationToken, retry: ex is KubeForbiddenException).ConfigureAwait(false);
                }
            }
        }

        // 4. The status, once; then stop the tasks whose essential container exited while others run.
        var status = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = task,
            TaskDefinition = resolved.Reference,
            Built = built,
            Pods = live,
            Vanished = vanished,
            Notes = built.Notes,
            Now = now,
        });
        await PublishAsync(task, status, cancellationToken).ConfigureAwait(false);
        foreach (var entry in status.Tasks ?? [])
        {
            if (entry is { DesiredStatus: TaskStatuses.Stopped, LastStatus: not TaskStatuses.Stopped }
                && live.TryGetValue(entry.Pod, out var running) && running.Metadata.DeletionTimestamp is null)
            {
                Log.TaskStopping(logger, entry.Pod, key.ToString());
                await applier.PruneAsync(ResourceType.Pods, running, cancellationToken).ConfigureAwait(false);
            }
        }
        return status is { LastStatus: TaskStatuses.Stopped, StoppedAt: { } stopped }
            ? ReconcileResult.After(stopped + stoppedTaskTtl - now > TimeSpan.Zero ? stopped + stoppedTaskTtl - now : TimeSpan.Zero)
            : ReconcileResult.Done;
    }

    private static bool Controls(EcsTask task, Pod pod) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == GroupVersion.TaskKind && o.Uid == task.Metadata.Uid) == true;

    private async Task<ReconcileResult> PublishProblemAsync(EcsTask task, ServiceProblem problem, string? reference, TaskPods? built, DateTimeOffset now,
        CancellationToken cancellationToken, bool retry = false)
    {
        Log.Invalid(logger, GroupVersion.TaskKind, ObjectKey.Of(task), problem.Message);
        var status = TaskStatusCalculator.Compute(new TaskStatusInput
        {
            Task = task,
            TaskDefinition = task.Status?.TaskDefinition,
            Built = null,
            Problem = problem,
            Notes = built?.Notes ?? [],
            Now = now,
        });
        await PublishAsync(task, status, cancellationToken).ConfigureAwait(false);
        // The spec, the task definition or the foreign pod must change: their events enqueue the task again.
        return retry ? ReconcileResult.Retry : ReconcileResult.Terminal(problem.Message);
    }

    /// <summary>The one status write, when it changed; an Event when the Ready, Succeeded or Failed verdict changes.</summary>
    private async Task PublishAsync(EcsTask task, EcsTaskStatus status, CancellationToken cancellationToken)
    {
        var written = await statusWriter.WriteAsync(OperatorResources.EcsTasks, task, task.Status, status,
            ApiJsonContext.Default.EcsTaskStatus, cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            return;
        }
        foreach (var type in new[] { ConditionTypes.Failed, ConditionTypes.Succeeded, ConditionTypes.Ready })
        {
            var before = task.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
            var after = status.Conditions?.FirstOrDefault(c => c.Type == type);
            if (after is not null && after.Status == ConditionTypes.True && (before?.Status != after.Status || before?.Reason != after.Reason))
            {
                events.Record(task, type == ConditionTypes.Failed ? EventRecorder.Warning : EventRecorder.Normal, after.Reason, after.Message);
                return;
            }
        }
        var ready = status.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        var wasReady = task.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready);
        if (ready is not null && ready.Reason != wasReady?.Reason && ready.Reason != ConditionReasons.TasksPending)
        {
            events.Record(task, EventRecorder.Warning, ready.Reason, ready.Message);
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
