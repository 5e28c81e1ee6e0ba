using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("awsvpc network settings. Reported.")]
public sealed record AwsVpcConfiguration
{
    [Description("Subnet ids (at most 16).")]
    [Items(0, 16)]
    public IReadOnlyList<string>? Subnets { get; init; }

    [Description("Security group ids (at most 5).")]
    [Items(0, 5)]
    public IReadOnlyList<string>? SecurityGroups { get; init; }

    [Description("ENABLED or DISABLED (the default).")]
    [Enum("ENABLED", "DISABLED")]
    [Default("DISABLED")]
    public string? AssignPublicIp { get; init; }
}
