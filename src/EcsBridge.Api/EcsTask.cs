using EcsBridge.Api.Schema;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

/// <summary>A one-off ECS task (run-task): count Pods of a task definition revision that run to completion, owned
/// by it; the status reads as describe-tasks.</summary>
[CustomResource(GroupVersion.TaskKind, GroupVersion.TaskPlural, GroupVersion.TaskSingular,
    GroupVersion.TaskListKind, ShortNames = [GroupVersion.TaskShortName], Categories = [GroupVersion.Category])]
[Description("A one-off ECS task, as aws ecs run-task starts it: count tasks of a task definition revision, each a Pod that runs to completion (never restarted). The status reads as describe-tasks. Stopped tasks are deleted after the operator's stopped-task TTL (1 hour by default, as ECS keeps them).")]
[PrinterColumn(1, "Task Definition", "string", ".status.taskDefinition", Description = "The family:revision the tasks run.")]
[PrinterColumn(2, "Count", "integer", ".spec.count", Description = "Tasks started.")]
[PrinterColumn(3, "Last Status", "string", ".status.lastStatus", Description = "PROVISIONING, PENDING, RUNNING or STOPPED (STOPPED once every task stopped).")]
[PrinterColumn(4, "Stop Code", "string", ".status.stopCode", Description = "Why the tasks stopped.")]
[PrinterColumn(5, "Succeeded", "string", ".status.conditions[?(@.type==\"Succeeded\")].status", Description = "True once every task stopped with its essential containers exiting 0.")]
[PrinterColumn(6, "Age", "date", ".metadata.creationTimestamp")]
public sealed record EcsTask : IKubernetesObject
{
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    public string? ApiVersion { get; init; } = GroupVersion.ApiVersion;

    [Description("Kind is a string value representing the REST resource this object represents.")]
    public string? Kind { get; init; } = GroupVersion.TaskKind;

    public required ObjectMeta Metadata { get; init; }

    [Description("The task to run, as an ECS RunTask request body.")]
    public required EcsTaskSpec Spec { get; init; }

    [Description("The tasks as describe-tasks would show them, plus conditions.")]
    public EcsTaskStatus? Status { get; init; }
}
