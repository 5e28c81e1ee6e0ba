using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An S3 .env file. Reported: EcsBridge does not read S3.")]
public sealed record EnvironmentFile
{
    [Description("The S3 object ARN of the file.")]
    public required string Value { get; init; }

    [Description("The file type; only s3.")]
    [Enum("s3")]
    public required string Type { get; init; }
}
