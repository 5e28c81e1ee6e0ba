using EcsBridge.Api;
using EcsBridge.Api.Tasks;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>
/// The status of an EcsTask from its pods, in the shape of <c>aws ecs describe-tasks</c>. Pure. A task is STOPPED
/// when its pod finished, when an essential container exited (ECS stops the task then; the reconcile deletes a pod
/// whose other containers still run) or when its pod vanished; a STOPPED task is final and is never described again.
/// </summary>
public static class TaskStatusCalculator
{
    public const string EssentialExitedReason = "Essential container in task exited";
    public const string PodDeletedReason = "Task stopped: its pod was deleted before it finished";
    public const string OutOfMemoryReason = "OutOfMemoryError: Container killed due to memory usage";
    public const string StoppedByUserReason = "Task stopped by user";

    /// <summary>The stoppedReason of a task named in spec.stopRequests (ECS StopTask), or null when it is not named.</summary>
    public static string? StopRequested(EcsTask task, string taskId)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Spec.StopRequests?.FirstOrDefault(r => r.Task == taskId) is { } request
            ? string.IsNullOrEmpty(request.Reason) ? StoppedByUserReason : request.Reason
            : null;
    }

    public static EcsTaskStatus Compute(TaskStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var task = input.Task;
        var previous = task.Status;
        var names = input.Built?.Pods.Select(p => p.Metadata.Name!).ToList()
            ?? previous?.Tasks?.Select(t => t.Pod).ToList() ?? [];
        var tasks = names.Select(name => Describe(name, input)).ToList();

        var allStopped = tasks.Count > 0 && tasks.All(t => t.LastStatus == TaskStatuses.Stopped);
        var failed = tasks.Where(t => t.LastStatus == TaskStatuses.Stopped && !Succeeded(t, input)).ToList();
        var summary = failed.FirstOrDefault() ?? tasks.FirstOrDefault(t => t.StopCode is not null);
        var generation = task.Metadata.Generation;
        var now = input.Now;
        var before = previous?.Conditions;

        Api.Tasks.RunningTask? least = tasks.Where(t => t.LastStatus != TaskStatuses.Stopped).MinBy(t => Rank(t.LastStatus));
        var status = new EcsTaskStatus
        {
            ObservedGeneration = generation,
            TaskDefinition = input.TaskDefinition ?? previous?.TaskDefinition,
            Group = input.Built?.Group ?? previous?.Group,
            LastStatus = tasks.Count == 0 ? null : allStopped ? TaskStatuses.Stopped : least?.LastStatus,
            DesiredStatus = tasks.Count == 0 ? null : tasks.All(t => t.DesiredStatus == TaskStatuses.Stopped) ? TaskStatuses.Stopped : TaskStatuses.Running,
            StopCode = allStopped ? summary?.StopCode : null,
            StoppedReason = allStopped ? summary?.StoppedReason : null,
            StartedAt = tasks.Select(t => t.StartedAt).Where(t => t is not null).Min(),
            StoppedAt = allStopped ? tasks.Max(t => t.StoppedAt) : null,
            Tasks = tasks.Count == 0 ? null : tasks,
            TranslationNotes = input.Notes.Count == 0 ? null : input.Notes,
        };

        Kubernetes.Models.Condition Make(string type, bool value, string reason, string? message) =>
            Conditions.Make(type, value, reason, message, generation, before, now);
        if (input.Problem is { } problem)
        {
            return status with
            {
                Conditions =
                [
                    Make(ConditionTypes.Ready, false, problem.Reason, problem.Message),
                    Make(ConditionTypes.Succeeded, false, problem.Reason, problem.Message),
                    Make(ConditionTypes.Failed, true, problem.Reason, problem.Message),
                ],
            };
        }
        string Summary(RunningTask t) => $"task {t.Pod} stopped ({t.StopCode}: {t.StoppedReason}){ExitCodes(t, input)}";
        var succeededAll = allStopped && failed.Count == 0;
        var runningOrDone = tasks.Count > 0 && tasks.All(t => t.LastStatus == TaskStatuses.Running || (t.LastStatus == TaskStatuses.Stopped && Succeeded(t, input)));
        return status with
        {
            Conditions =
            [
                failed.Count > 0 ? Make(ConditionTypes.Ready, false, ConditionReasons.TaskFailed, Summary(failed[0]))
                    : succeededAll ? Make(ConditionTypes.Ready, true, ConditionReasons.TasksSucceeded, "every task stopped and its essential containers exited 0")
                    : runningOrDone ? Make(ConditionTypes.Ready, true, ConditionReasons.TasksRunning, "every task is running")
                    : Make(ConditionTypes.Ready, false, ConditionReasons.TasksPending, $"{tasks.Count(t => t.LastStatus is TaskStatuses.Provisioning or TaskStatuses.Pending)} of {tasks.Count} tasks not running yet"),
                succeededAll ? Make(ConditionTypes.Succeeded, true, ConditionReasons.TasksSucceeded, "every task stopped and its essential containers exited 0")
                    : Make(ConditionTypes.Succeeded, false, failed.Count > 0 ? ConditionReasons.TaskFailed : ConditionReasons.TasksPending, failed.Count > 0 ? Summary(failed[0]) : "tasks have not all stopped"),
                failed.Count > 0 ? Make(ConditionTypes.Failed, true, ConditionReasons.TaskFailed, Summary(failed[0]))
                    : Make(ConditionTypes.Failed, false, succeededAll ? ConditionReasons.TasksSucceeded : ConditionReasons.TasksPending, succeededAll ? "no task failed" : "no task failed so far"),
            ],
        };
    }

    /// <summary>A stopped task succeeded when it stopped because an essential container exited and every essential
    /// container exited 0.</summary>
    public static bool Succeeded(RunningTask task, TaskStatusInput input)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.LastStatus != TaskStatuses.Stopped || task.StopCode != StopCodes.EssentialContainerExited)
        {
            return false;
        }
        var essential = (task.Containers ?? []).Where(c => c.Essential != false).ToList();
        return essential.Count > 0 && essential.All(c => c.ExitCode == 0);
    }

    private static string ExitCodes(RunningTask task, TaskStatusInput input)
    {
        var codes = (task.Containers ?? []).Where(c => c.Essential != false && c.ExitCode is not null && c.ExitCode != 0)
            .Select(c => $"{c.Name} exit code {c.ExitCode}").ToList();
        return codes.Count == 0 ? "" : ": " + string.Join(", ", codes);
    }

    private static int Rank(string? lastStatus) => lastStatus switch
    {
        TaskStatuses.Provisioning => 0,
        TaskStatuses.Pending => 1,
        TaskStatuses.Running => 2,
        _ => 3,
    };

    private static RunningTask Describe(string name, TaskStatusInput input)
    {
        var previous = input.Task.Status?.Tasks?.FirstOrDefault(t => t.Pod == name);
        if (previous?.LastStatus == TaskStatuses.Stopped)
        {
            return previous;
        }
        if (!input.Pods.TryGetValue(name, out var pod))
        {
            if (input.Vanished.Contains(name))
            {
                return (previous ?? new RunningTask { Pod = name }) with
                {
                    LastStatus = TaskStatuses.Stopped,
                    DesiredStatus = TaskStatuses.Stopped,
                    StopCode = previous?.StopCode ?? StopCodes.UserInitiated,
                    StoppedReason = previous?.StoppedReason ?? StopRequested(input.Task, name) ?? PodDeletedReason,
                    StoppedAt = input.Now,
                    Containers = previous?.Containers?.Select(c => c.LastStatus == TaskStatuses.Stopped ? c : c with { LastStatus = TaskStatuses.Stopped }).ToList(),
                };
            }
            return previous ?? new RunningTask { Pod = name, LastStatus = TaskStatuses.Provisioning, DesiredStatus = TaskStatuses.Running };
        }
        return DescribePod(pod, input, previous);
    }

    /// <summary>A service's task (one of its pods) in describe-tasks' shape: containers by their Kubernetes names,
    /// each taken as essential (the pod alone does not say which are).</summary>
    public static RunningTask DescribeServicePod(Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var none = new EcsTask { Metadata = new Kubernetes.Models.ObjectMeta(), Spec = new EcsTaskSpec { TaskDefinition = "-" } };
        return DescribePod(pod, new TaskStatusInput { Task = none, Now = now }, null);
    }

    private static RunningTask DescribePod(Pod pod, TaskStatusInput input, RunningTask? previous)
    {
        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []).ToDictionary(c => c.Name, StringComparer.Ordinal);
        var known = input.Built?.ContainerNames ?? statuses.Keys.Select(k => new KeyValuePair<string, string>(k, k)).ToList();
        var essential = input.Built?.EssentialContainers;
        var containers = known.Select(entry =>
        {
            statuses.TryGetValue(entry.Key, out var state);
            return Container(entry.Value, state, essential?.Contains(entry.Key) ?? true);
        }).ToList();
        var terminatedEssential = known.Where(e => (essential?.Contains(e.Key) ?? true) && statuses.TryGetValue(e.Key, out var s) && s.State?.Terminated is not null).ToList();
        var states = statuses.Values.Select(s => s.State).ToList();
        var startedAt = states.Select(s => s?.Running?.StartedAt ?? s?.Terminated?.StartedAt).Where(t => t is not null).Min();
        var finishedAt = states.Select(s => s?.Terminated?.FinishedAt).Where(t => t is not null).Max();
        var phase = pod.Status?.Phase;
        var task = new RunningTask
        {
            Pod = pod.Metadata.Name!,
            PodUid = pod.Metadata.Uid,
            CreatedAt = pod.Metadata.CreationTimestamp,
            StartedAt = startedAt,
            Containers = containers,
        };

        var stopRequested = StopRequested(input.Task, pod.Metadata.Name!);
        if (phase is "Succeeded" or "Failed")
        {
            // A task stopped on request reports the request, not the exit its containers made when killed.
            var (code, reason) = stopRequested is not null ? (StopCodes.UserInitiated, stopRequested)
                : terminatedEssential.Count > 0 ? (StopCodes.EssentialContainerExited, EssentialExitedReason)
                : pod.Status?.Reason == "Evicted" ? (StopCodes.TerminationNotice, "Task evicted from its node")
                : startedAt is null ? (StopCodes.TaskFailedToStart, "Task failed to start" + (pod.Status?.Reason is { } r ? ": " + r : ""))
                : (previous?.StopCode ?? StopCodes.EssentialContainerExited, previous?.StoppedReason ?? EssentialExitedReason);
            return task with
            {
                LastStatus = TaskStatuses.Stopped,
                DesiredStatus = TaskStatuses.Stopped,
                StopCode = previous?.StopCode ?? code,
                StoppedReason = previous?.StoppedReason ?? reason,
                StoppedAt = finishedAt ?? input.Now,
                // Every container of a stopped task is STOPPED, as ECS reports it: one the kubelet never started (the
                // task stopped first) has no exit code.
                Containers = containers.Select(c => c.LastStatus == TaskStatuses.Stopped ? c : c with { LastStatus = TaskStatuses.Stopped }).ToList(),
            };
        }
        var lastStatus = states.Any(s => s?.Running is not null) || terminatedEssential.Count > 0 ? TaskStatuses.Running
            : pod.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "True") == true ? TaskStatuses.Pending
            : TaskStatuses.Provisioning;
        if (stopRequested is not null)
        {
            // StopTask: the reconcile deletes the pod; the task reports STOPPING until it is gone.
            return task with { LastStatus = lastStatus, DesiredStatus = TaskStatuses.Stopped, StopCode = previous?.StopCode ?? StopCodes.UserInitiated, StoppedReason = previous?.StoppedReason ?? stopRequested };
        }
        if (terminatedEssential.Count > 0)
        {
            // ECS stops the task when an essential container exits; the other containers are stopped (pod deleted).
            return task with { LastStatus = lastStatus, DesiredStatus = TaskStatuses.Stopped, StopCode = StopCodes.EssentialContainerExited, StoppedReason = EssentialExitedReason };
        }
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return task with { LastStatus = lastStatus, DesiredStatus = TaskStatuses.Stopped, StopCode = previous?.StopCode ?? StopCodes.UserInitiated, StoppedReason = previous?.StoppedReason ?? PodDeletedReason };
        }
        return task with { LastStatus = lastStatus, DesiredStatus = TaskStatuses.Running };
    }

    private static TaskContainer Container(string ecsName, ContainerStatus? status, bool essential)
    {
        var state = status?.State;
        if (state?.Terminated is { } terminated)
        {
            return new TaskContainer
            {
                Name = ecsName,
                LastStatus = TaskStatuses.Stopped,
                ExitCode = terminated.ExitCode,
                Reason = terminated.Reason switch
                {
                    "OOMKilled" => OutOfMemoryReason,
                    // A clean exit needs no reason; a failed one carries the container's termination message, if any.
                    null or "Completed" => null,
                    "Error" => terminated.Message?.Trim() is { Length: > 0 } said ? said : null,
                    var other => terminated.Message is { } message ? other + ": " + message : other,
                },
                Essential = essential,
            };
        }
        if (state?.Running is not null)
        {
            return new TaskContainer { Name = ecsName, LastStatus = TaskStatuses.Running, Essential = essential };
        }
        var waiting = state?.Waiting?.Reason is { } why and not ("ContainerCreating" or "PodInitializing")
            ? why + (state.Waiting.Message is { } m ? ": " + m : "") : null;
        return new TaskContainer { Name = ecsName, LastStatus = TaskStatuses.Pending, Reason = waiting, Essential = essential };
    }
}
