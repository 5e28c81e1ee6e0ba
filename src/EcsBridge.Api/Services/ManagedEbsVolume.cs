using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("An EBS volume ECS creates and deletes with each task. Reported.")]
public sealed record ManagedEbsVolume
{
    [Description("Encrypt the volume.")]
    public bool? Encrypted { get; init; }

    [Description("The KMS key.")]
    public string? KmsKeyId { get; init; }

    [Description("The EBS volume type (gp3, io2, ...).")]
    public string? VolumeType { get; init; }

    [Description("The size in GiB.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? SizeInGiB { get; init; }

    [Description("The snapshot to create the volume from.")]
    public string? SnapshotId { get; init; }

    [Description("MiB/s at which the snapshot is loaded.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? VolumeInitializationRate { get; init; }

    [Description("Provisioned IOPS.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Iops { get; init; }

    [Description("Throughput in MiB/s (gp3).")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Throughput { get; init; }

    [Description("Tags of the volume.")]
    public IReadOnlyList<EbsTagSpecification>? TagSpecifications { get; init; }

    [Description("The infrastructure role ECS uses to manage the volume.")]
    public required string RoleArn { get; init; }

    [Description("ext3, ext4, xfs or ntfs.")]
    [Enum("ext3", "ext4", "xfs", "ntfs")]
    public string? FilesystemType { get; init; }
}
