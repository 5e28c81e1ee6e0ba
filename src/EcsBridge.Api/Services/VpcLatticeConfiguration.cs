using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A VPC Lattice target group the tasks register with. Reported.")]
public sealed record VpcLatticeConfiguration
{
    [Description("The ECS infrastructure role for VPC Lattice.")]
    public required string RoleArn { get; init; }

    [Description("The VPC Lattice target group ARN.")]
    public required string TargetGroupArn { get; init; }

    [Description("The name of the portMapping to register.")]
    public required string PortName { get; init; }
}
