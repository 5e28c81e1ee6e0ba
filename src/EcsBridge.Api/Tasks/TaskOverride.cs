using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Tasks;

[Description("ECS TaskOverride: what a run of the task changes in its task definition.")]
public sealed record TaskOverride
{
    [Description("Per-container overrides, by ECS container name.")]
    [Items(0, 100)]
    public IReadOnlyList<ContainerOverride>? ContainerOverrides { get; init; }

    [Description("Task CPU (units or vCPU, as the task definition's cpu); replaces the task definition's.")]
    public string? Cpu { get; init; }

    [Description("Task memory (MiB or GB, as the task definition's memory); replaces the task definition's.")]
    public string? Memory { get; init; }

    [Description("The IAM role of the task. Reported: the pods run as the task definition's ServiceAccount.")]
    public string? TaskRoleArn { get; init; }

    [Description("The task execution role. Reported: images are pulled with the cluster's pull secrets.")]
    public string? ExecutionRoleArn { get; init; }
}
