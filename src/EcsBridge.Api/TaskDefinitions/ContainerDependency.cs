using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A container this one waits for.")]
public sealed record ContainerDependency
{
    [Description("The name of another container of the task.")]
    public required string ContainerName { get; init; }

    [Description("START: it has started; COMPLETE: it exited; SUCCESS: it exited 0; HEALTHY: its health check passed.")]
    [Enum("START", "COMPLETE", "SUCCESS", "HEALTHY")]
    public required string Condition { get; init; }
}
