using EcsBridge.Api.Schema;
using EcsBridge.Api.Tasks;

namespace EcsBridge.Api;

[Description("A task of the service that stopped or is stopping (its pod was deleted or finished), as describe-tasks shows a stopped task; kept for --stopped-task-ttl after it stopped.")]
public sealed record StoppedServiceTask
{
    [Description("The task id: the name of the task's pod.")]
    public required string Task { get; init; }

    [Description("The family:revision the task ran.")]
    public string? TaskDefinition { get; init; }

    [Description("ecs-svc/<pod-template-hash>: the deployment that started the task.")]
    public string? StartedBy { get; init; }

    [Description("RUNNING while its pod is terminating, STOPPED once the pod is gone or finished.")]
    [Enum(TaskStatuses.Provisioning, TaskStatuses.Pending, TaskStatuses.Running, TaskStatuses.Stopped)]
    public string? LastStatus { get; init; }

    [Description("ServiceSchedulerInitiated (replaced or scaled in by the service), UserInitiated (stop-task), TerminationNotice (evicted) or EssentialContainerExited.")]
    public string? StopCode { get; init; }

    [Description("The reason in ECS's wording, e.g. Scaling activity initiated by (deployment ecs-svc/web-3), or the reason given to stop-task.")]
    public string? StoppedReason { get; init; }

    [Description("When the pod was created.")]
    public DateTimeOffset? CreatedAt { get; init; }

    [Description("When the first container started running.")]
    public DateTimeOffset? StartedAt { get; init; }

    [Description("When the operator first saw the task stopping.")]
    public DateTimeOffset? StoppingAt { get; init; }

    [Description("When the task stopped: its containers finished, or its pod was seen gone.")]
    public DateTimeOffset? StoppedAt { get; init; }

    [Description("The containers, by pod container name.")]
    public IReadOnlyList<TaskContainer>? Containers { get; init; }
}
