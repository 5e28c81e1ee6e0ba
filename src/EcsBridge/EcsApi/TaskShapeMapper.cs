using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Api.Tasks;
using EcsBridge.Core.Build;
using EcsBridge.Core.Status;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.EcsApi;

/// <summary>
/// Tasks in ECS's Task shape. Pure. A task id is the name of the task's pod: for a one-off task (an EcsTask) the
/// pod it gets or will get, <c>&lt;EcsTask&gt;-&lt;n&gt;</c>, known before the pod exists and kept in the EcsTask's status
/// after it is gone; for a service's task the pod's own name. Pod names are unique in a namespace (a cluster), stable
/// for the task's life and readable in kubectl; a uid would be neither known before the pod exists nor findable by GET.
/// </summary>
internal static class TaskShapeMapper
{
    /// <summary>The task ids of an EcsTask: its recorded tasks, else the pods it will make (count of them).</summary>
    public static IReadOnlyList<string> TaskIds(EcsTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Status?.Tasks is { Count: > 0 } recorded
            ? recorded.Select(t => t.Pod).ToList()
            : Enumerable.Range(1, Math.Clamp(task.Spec.Count ?? 1, 1, 10)).Select(i => TaskPodBuilder.PodName(task.Metadata.Name!, i)).ToList();
    }

    /// <summary>The EcsTask name of a one-off task id (<c>&lt;name&gt;-&lt;n&gt;</c>), or null when the id cannot be one.</summary>
    public static string? OneOffName(string taskId)
    {
        var dash = taskId.LastIndexOf('-');
        return dash > 0 && dash < taskId.Length - 1 && taskId[(dash + 1)..].All(char.IsAsciiDigit) ? taskId[..dash] : null;
    }

    /// <summary>The family an EcsTask runs (the revision it fixed, else the one it names).</summary>
    public static string? Family(EcsTask task) =>
        TaskDefinitionReference.TryParse(task.Status?.TaskDefinition ?? task.Spec.TaskDefinition, out var reference) ? reference.Family : null;

    /// <summary>Task <paramref name="taskId"/> of an EcsTask: its status entry, PROVISIONING before the reconcile
    /// recorded it; a task named in spec.stopRequests is desired STOPPED at once (its pod is deleted next).</summary>
    public static TaskShape FromOneOff(EcsArns arns, string cluster, EcsTask task, string taskId, string? taskDefinitionArn)
    {
        ArgumentNullException.ThrowIfNull(arns);
        ArgumentNullException.ThrowIfNull(task);
        var entry = task.Status?.Tasks?.FirstOrDefault(t => t.Pod == taskId)
            ?? new RunningTask { Pod = taskId, LastStatus = TaskStatuses.Provisioning, DesiredStatus = TaskStatuses.Running };
        var stop = TaskStatusCalculator.StopRequested(task, taskId);
        if (stop is not null && entry.LastStatus != TaskStatuses.Stopped)
        {
            entry = entry with
            {
                DesiredStatus = TaskStatuses.Stopped,
                StopCode = entry.StopCode ?? StopCodes.UserInitiated,
                StoppedReason = entry.StoppedReason ?? stop,
            };
        }
        var overrides = ApiJson.Node(task.Spec.Overrides)?.AsObject() ?? new JsonObject();
        overrides["containerOverrides"] ??= new JsonArray();
        overrides["inferenceAcceleratorOverrides"] ??= new JsonArray();
        return Shape(arns, cluster, entry) with
        {
            TaskDefinitionArn = taskDefinitionArn,
            Overrides = overrides,
            StartedBy = string.IsNullOrEmpty(task.Spec.StartedBy) ? null : task.Spec.StartedBy,
            Version = task.Metadata.Generation ?? 1,
            CreatedAt = Epoch(entry.CreatedAt ?? task.Metadata.CreationTimestamp),
            Group = task.Status?.Group ?? (string.IsNullOrEmpty(task.Spec.Group) ? Family(task) is { } family ? "family:" + family : null : task.Spec.Group),
            LaunchType = task.Spec.LaunchType ?? "EC2",
            Tags = task.Spec.Tags ?? [],
        };
    }

    /// <summary>A service's task: one of its pods, described as <see cref="TaskStatusCalculator.DescribeServicePod"/> does;
    /// the task definition revision is the pod's revision label, the group <c>service:&lt;name&gt;</c> and startedBy
    /// <c>ecs-svc/&lt;pod-template-hash&gt;</c>, as ECS names the deployment that started it.</summary>
    public static TaskShape FromServicePod(EcsArns arns, string cluster, Pod pod, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(arns);
        ArgumentNullException.ThrowIfNull(pod);
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        var described = TaskStatusCalculator.DescribeServicePod(pod, now);
        var arn = labels.TryGetValue(Labels.TaskDefinition, out var family)
            && labels.TryGetValue(Labels.Revision, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? arns.TaskDefinition(family, revision) : null;
        return Shape(arns, cluster, described) with
        {
            TaskDefinitionArn = arn,
            Overrides = new JsonObject { ["containerOverrides"] = new JsonArray(), ["inferenceAcceleratorOverrides"] = new JsonArray() },
            StartedBy = labels.TryGetValue("pod-template-hash", out var hash) ? "ecs-svc/" + hash : null,
            Version = 1,
            Group = ServiceName(pod) is { } service ? "service:" + service : null,
            LaunchType = "EC2",
        };
    }

    /// <summary>A service's stopped task as its status.stoppedTasks keeps it (its pod may be gone).</summary>
    public static TaskShape FromStoppedServiceTask(EcsArns arns, string cluster, string serviceName, StoppedServiceTask stopped)
    {
        ArgumentNullException.ThrowIfNull(arns);
        ArgumentNullException.ThrowIfNull(stopped);
        var entry = new RunningTask
        {
            Pod = stopped.Task,
            LastStatus = stopped.LastStatus,
            DesiredStatus = TaskStatuses.Stopped,
            StopCode = stopped.StopCode,
            StoppedReason = stopped.StoppedReason,
            CreatedAt = stopped.CreatedAt,
            StartedAt = stopped.StartedAt,
            StoppedAt = stopped.StoppedAt,
            Containers = stopped.Containers,
        };
        var arn = stopped.TaskDefinition is { } td && TaskDefinitionReference.TryParse(td, out var reference) && reference.Revision is { } revision
            ? arns.TaskDefinition(reference.Family, revision) : null;
        return Shape(arns, cluster, entry) with
        {
            TaskDefinitionArn = arn,
            Overrides = new JsonObject { ["containerOverrides"] = new JsonArray(), ["inferenceAcceleratorOverrides"] = new JsonArray() },
            StartedBy = stopped.StartedBy,
            Version = 1,
            Group = "service:" + serviceName,
            LaunchType = "EC2",
            StoppingAt = Epoch(stopped.StoppingAt),
        };
    }

    /// <summary>The service a pod is a task of (its <see cref="Labels.Service"/> label), or null for any other pod.</summary>
    public static string? ServiceName(Pod pod) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(Labels.Service, out var service)
            && labels.TryGetValue(Labels.ManagedBy, out var by) && by == Labels.ManagedByValue && !labels.ContainsKey(Labels.Task)
            ? service : null;

    private static TaskShape Shape(EcsArns arns, string cluster, RunningTask entry)
    {
        var taskArn = arns.Task(cluster, entry.Pod);
        return new TaskShape
        {
            TaskArn = taskArn,
            ClusterArn = arns.Cluster(cluster),
            LastStatus = entry.LastStatus ?? TaskStatuses.Provisioning,
            DesiredStatus = entry.DesiredStatus ?? TaskStatuses.Running,
            Containers = (entry.Containers ?? []).Select(c => new ContainerShape
            {
                ContainerArn = arns.Container(cluster, entry.Pod, c.Name),
                TaskArn = taskArn,
                Name = c.Name,
                LastStatus = c.LastStatus,
                ExitCode = c.ExitCode,
                Reason = c.Reason,
            }).ToList(),
            StopCode = entry.StopCode,
            StoppedReason = entry.StoppedReason,
            CreatedAt = Epoch(entry.CreatedAt),
            StartedAt = Epoch(entry.StartedAt),
            StoppedAt = Epoch(entry.StoppedAt),
        };
    }

    private static double? Epoch(DateTimeOffset? at) => at is { } t ? EcsApiCall.Epoch(t) : null;
}
