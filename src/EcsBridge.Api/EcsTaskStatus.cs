using EcsBridge.Api.Schema;
using EcsBridge.Api.Tasks;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

[Description("The tasks as ECS describe-tasks shows them, plus Kubernetes conditions. The top-level lastStatus, desiredStatus, stopCode, stoppedReason, startedAt and stoppedAt summarize tasks[] (equal to them when count is 1).")]
public sealed record EcsTaskStatus
{
    [Description("The metadata.generation the operator last processed.")]
    public long? ObservedGeneration { get; init; }

    [Description("The family:revision the tasks run, fixed when they start.")]
    public string? TaskDefinition { get; init; }

    [Description("The task group (ECS group: family:<family> unless spec.group is set).")]
    public string? Group { get; init; }

    [Description("STOPPED once every task stopped; else the least advanced task's status (PROVISIONING, PENDING, RUNNING).")]
    [Enum(TaskStatuses.Provisioning, TaskStatuses.Pending, TaskStatuses.Running, TaskStatuses.Stopped)]
    public string? LastStatus { get; init; }

    [Description("RUNNING, or STOPPED once every task is to stop.")]
    [Enum(TaskStatuses.Running, TaskStatuses.Stopped)]
    public string? DesiredStatus { get; init; }

    [Description("The stop code of the first task that failed, else of the first task.")]
    public string? StopCode { get; init; }

    [Description("The stopped reason that goes with stopCode.")]
    public string? StoppedReason { get; init; }

    [Description("When the first task started running.")]
    public DateTimeOffset? StartedAt { get; init; }

    [Description("When the last task stopped; the EcsTask is deleted the operator's stopped-task TTL after it.")]
    public DateTimeOffset? StoppedAt { get; init; }

    [Description("One entry per task (spec.count), in order.")]
    public IReadOnlyList<RunningTask>? Tasks { get; init; }

    [Description("Fields accepted but not honoured on Kubernetes, with the reason.")]
    public IReadOnlyList<TranslationNote>? TranslationNotes { get; init; }

    [Description("Ready (every task running or succeeded), Succeeded (every task stopped, every essential container exited 0) and Failed conditions.")]
    [ListMap("type")]
    public IReadOnlyList<Condition>? Conditions { get; init; }
}
