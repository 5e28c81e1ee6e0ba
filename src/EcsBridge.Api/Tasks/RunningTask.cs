using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Tasks;

[Description("One task, as describe-tasks shows it (the subset that applies), with its pod.")]
public sealed record RunningTask
{
    [Description("The task's pod (its name is the task id).")]
    public required string Pod { get; init; }

    [Description("The pod's uid, recorded when it was created: a pod that vanished is never created again.")]
    public string? PodUid { get; init; }

    [Description("PROVISIONING, PENDING, RUNNING or STOPPED.")]
    [Enum(TaskStatuses.Provisioning, TaskStatuses.Pending, TaskStatuses.Running, TaskStatuses.Stopped)]
    public string? LastStatus { get; init; }

    [Description("RUNNING, or STOPPED once the task is to stop.")]
    [Enum(TaskStatuses.Running, TaskStatuses.Stopped)]
    public string? DesiredStatus { get; init; }

    [Description("Why the task stopped: EssentialContainerExited, TaskFailedToStart, UserInitiated (its pod was deleted) or TerminationNotice (evicted).")]
    public string? StopCode { get; init; }

    [Description("The reason in ECS's wording, e.g. Essential container in task exited.")]
    public string? StoppedReason { get; init; }

    [Description("When the pod was created.")]
    public DateTimeOffset? CreatedAt { get; init; }

    [Description("When the first container started running.")]
    public DateTimeOffset? StartedAt { get; init; }

    [Description("When the task stopped.")]
    public DateTimeOffset? StoppedAt { get; init; }

    [Description("The containers, by ECS name.")]
    public IReadOnlyList<TaskContainer>? Containers { get; init; }
}
