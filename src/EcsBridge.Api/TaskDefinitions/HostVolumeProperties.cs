using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A bind-mount volume.")]
public sealed record HostVolumeProperties
{
    [Description("The path on the host; absent means Docker-managed scratch space (emptyDir).")]
    public string? SourcePath { get; init; }
}
