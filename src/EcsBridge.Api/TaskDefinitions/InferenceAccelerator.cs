using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An Elastic Inference accelerator. Reported.")]
public sealed record InferenceAccelerator
{
    [Description("The name containers use in resourceRequirements.")]
    public required string DeviceName { get; init; }

    [Description("The accelerator type, e.g. eia2.medium.")]
    public required string DeviceType { get; init; }
}
