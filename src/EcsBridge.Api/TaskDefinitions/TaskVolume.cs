using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A task volume. With no configuration (or host without sourcePath) it is scratch space: an emptyDir.")]
public sealed record TaskVolume
{
    [Description("The volume name that mountPoints refer to.")]
    [Length(1, 255)]
    public required string Name { get; init; }

    [Description("A bind mount; host.sourcePath becomes a hostPath volume.")]
    public HostVolumeProperties? Host { get; init; }

    [Description("A Docker volume: scope task becomes an emptyDir, scope shared with autoprovision a PersistentVolumeClaim.")]
    public DockerVolumeConfiguration? DockerVolumeConfiguration { get; init; }

    [Description("An Amazon EFS file system; becomes a PersistentVolumeClaim named after the volume. The AWS ids are reported.")]
    public EfsVolumeConfiguration? EfsVolumeConfiguration { get; init; }

    [Description("An Amazon S3 Files file system; becomes a PersistentVolumeClaim named after the volume. The AWS ARNs are reported.")]
    public S3FilesVolumeConfiguration? S3filesVolumeConfiguration { get; init; }

    [Description("An FSx for Windows File Server file system; becomes a PersistentVolumeClaim named after the volume. The AWS ids are reported.")]
    public FsxWindowsFileServerVolumeConfiguration? FsxWindowsFileServerVolumeConfiguration { get; init; }

    [Description("The volume is supplied when the service or task is created (EBS). Reported.")]
    public bool? ConfiguredAtLaunch { get; init; }
}
