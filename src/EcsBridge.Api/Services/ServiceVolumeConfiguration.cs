using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("The volume supplied at launch for a task definition volume with configuredAtLaunch (an EBS volume per task). Reported: the volume is an emptyDir.")]
public sealed record ServiceVolumeConfiguration
{
    [Description("The task definition volume it supplies.")]
    [Length(1, 255)]
    public required string Name { get; init; }

    [Description("The EBS volume ECS creates for each task.")]
    public ManagedEbsVolume? ManagedEBSVolume { get; init; }
}
