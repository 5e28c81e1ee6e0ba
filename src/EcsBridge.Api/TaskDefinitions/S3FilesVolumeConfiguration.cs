using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An Amazon S3 Files file system.")]
public sealed record S3FilesVolumeConfiguration
{
    [Description("The S3 Files file system ARN. Reported.")]
    public required string FileSystemArn { get; init; }

    [Description("The directory of the file system to mount (default /). Reported.")]
    public string? RootDirectory { get; init; }

    [Description("The port for encrypted traffic. Reported.")]
    [Minimum(0)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TransitEncryptionPort { get; init; }

    [Description("The S3 Files access point ARN. Reported.")]
    public string? AccessPointArn { get; init; }
}
