using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An Amazon EFS volume.")]
public sealed record EfsVolumeConfiguration
{
    [Description("The EFS file system id. Reported.")]
    public required string FileSystemId { get; init; }

    [Description("The directory of the file system to mount (default /).")]
    public string? RootDirectory { get; init; }

    [Description("ENABLED or DISABLED. Reported.")]
    [Enum("ENABLED", "DISABLED")]
    public string? TransitEncryption { get; init; }

    [Description("The port for encrypted traffic. Reported.")]
    [Minimum(0)]
    [Maximum(65535)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TransitEncryptionPort { get; init; }

    [Description("Access point and IAM settings. Reported.")]
    public EfsAuthorizationConfig? AuthorizationConfig { get; init; }
}
