using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A Docker volume.")]
public sealed record DockerVolumeConfiguration
{
    [Description("task: lives as long as the task (emptyDir); shared: outlives it (PersistentVolumeClaim).")]
    [Enum("task", "shared")]
    public string? Scope { get; init; }

    [Description("Create the volume when it does not exist (scope shared only).")]
    public bool? Autoprovision { get; init; }

    [Description("The Docker volume driver. Reported.")]
    public string? Driver { get; init; }

    [Description("Driver options. Reported.")]
    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }

    [Description("Volume labels. Reported.")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
