using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A volume mounted into the container.")]
public sealed record MountPoint
{
    [Description("The name of a volume in the task's volumes.")]
    public string? SourceVolume { get; init; }

    [Description("The absolute path in the container.")]
    public string? ContainerPath { get; init; }

    [Description("Mount read-only (default false).")]
    [Default(false)]
    public bool? ReadOnly { get; init; }
}
