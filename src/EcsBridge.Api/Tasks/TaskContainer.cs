using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Tasks;

[Description("One container of a task, as describe-tasks shows it.")]
public sealed record TaskContainer
{
    [Description("The ECS container name.")]
    public required string Name { get; init; }

    [Description("PENDING, RUNNING or STOPPED.")]
    public string? LastStatus { get; init; }

    [Description("The exit code, once stopped.")]
    public int? ExitCode { get; init; }

    [Description("Why the container stopped or waits (e.g. OutOfMemoryError, ImagePullBackOff).")]
    public string? Reason { get; init; }

    [Description("Whether ECS would stop the task when this container exits.")]
    public bool? Essential { get; init; }
}
