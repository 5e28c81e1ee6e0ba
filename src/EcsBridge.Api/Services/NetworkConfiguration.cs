using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("VPC settings for awsvpc tasks. Reported: subnets and security groups are AWS concepts.")]
public sealed record NetworkConfiguration
{
    [Description("Subnets, security groups and public IP of the tasks.")]
    public AwsVpcConfiguration? AwsvpcConfiguration { get; init; }
}
