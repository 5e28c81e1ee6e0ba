using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Blue/green settings of a load balancer: the alternate target group, listener rules and role. Reported.")]
public sealed record LoadBalancerAdvancedConfiguration
{
    [Description("The alternate target group ARN.")]
    public string? AlternateTargetGroupArn { get; init; }

    [Description("The production listener rule (ALB) or listener (NLB) ARN.")]
    public string? ProductionListenerRule { get; init; }

    [Description("The test listener rule (ALB) or listener (NLB) ARN.")]
    public string? TestListenerRule { get; init; }

    [Description("The IAM role ECS uses to call Elastic Load Balancing.")]
    public string? RoleArn { get; init; }
}
