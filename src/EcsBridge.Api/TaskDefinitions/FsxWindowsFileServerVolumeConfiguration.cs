using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An FSx for Windows File Server volume.")]
public sealed record FsxWindowsFileServerVolumeConfiguration
{
    [Description("The FSx file system id. Reported.")]
    public required string FileSystemId { get; init; }

    [Description("The share directory to mount.")]
    public required string RootDirectory { get; init; }

    [Description("The credentials used to mount the share. Reported.")]
    public required FsxWindowsFileServerAuthorizationConfig AuthorizationConfig { get; init; }
}
