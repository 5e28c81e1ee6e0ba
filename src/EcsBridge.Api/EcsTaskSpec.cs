using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;
using EcsBridge.Api.Tasks;

namespace EcsBridge.Api;

/// <summary>The body of an ECS RunTask request, as far as it applies to Kubernetes.</summary>
[Description("The body of an ECS RunTask request (field names as ECS spells them).")]
public sealed record EcsTaskSpec
{
    [Description("The task definition to run: family (the latest revision when the task starts), family:revision or a task definition ARN (reduced to family:revision). The revision is fixed in status.taskDefinition when the tasks start.")]
    [Length(1, 1600)]
    public required string TaskDefinition { get; init; }

    [Description("Overrides of the task definition for these tasks (ECS TaskOverride).")]
    public TaskOverride? Overrides { get; init; }

    [Description("Who started the task (ECS startedBy, up to 128 characters); shown in status and as the pods' ecsbridge.io/started-by annotation.")]
    [Length(0, 128)]
    public string? StartedBy { get; init; }

    [Description("The task group (ECS group); defaults to family:<family>, as ECS. Shown in status and as the pods' ecsbridge.io/group annotation.")]
    [Length(0, 255)]
    public string? Group { get; init; }

    [Description("How many tasks to start (1 to 10, as run-task): one Pod each. Fixed once the tasks started.")]
    [Minimum(1)]
    [Maximum(10)]
    [Default(1)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Count { get; init; }

    [Description("The ECS cluster. Ignored: the namespace plays the role of the cluster.")]
    public string? Cluster { get; init; }

    [Description("Tags of the tasks (ECS tags: key 1-128, value 0-256 characters, at most 50); annotations ecsbridge.io/tag.<key> on the pods.")]
    [Items(0, 50)]
    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    [Description("Tasks to stop (ECS StopTask), by task id (the first entry for a task counts); level-triggered: a listed task is stopped and stays stopped.")]
    [Items(0, 10)]
    public IReadOnlyList<TaskStopRequest>? StopRequests { get; init; }

    [Description("EC2, FARGATE or EXTERNAL. Reported.")]
    [Enum("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")]
    public string? LaunchType { get; init; }
}
