using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Tags of a managed EBS volume.")]
public sealed record EbsTagSpecification
{
    [Description("volume.")]
    [Enum("volume")]
    public required string ResourceType { get; init; }

    [Description("The tags.")]
    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    [Description("TASK_DEFINITION, SERVICE or NONE.")]
    [Enum("TASK_DEFINITION", "SERVICE", "NONE")]
    public string? PropagateTags { get; init; }
}
