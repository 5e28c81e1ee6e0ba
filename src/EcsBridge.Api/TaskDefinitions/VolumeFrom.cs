using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("Mount the volumes of another container.")]
public sealed record VolumeFrom
{
    [Description("The container whose mounts are copied.")]
    public string? SourceContainer { get; init; }

    [Description("Mount them read-only (default false).")]
    [Default(false)]
    public bool? ReadOnly { get; init; }
}
