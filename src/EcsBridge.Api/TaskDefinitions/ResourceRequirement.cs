using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An accelerator for the container.")]
public sealed record ResourceRequirement
{
    [Description("GPU (a count, mapped to nvidia.com/gpu) or InferenceAccelerator (reported).")]
    [Enum("GPU", "InferenceAccelerator")]
    public required string Type { get; init; }

    [Description("The GPU count, or the accelerator's deviceName.")]
    public required string Value { get; init; }
}
