using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("An ECS tag; becomes an annotation ecsbridge.io/tag.<key>.")]
public sealed record ResourceTag
{
    [Description("The tag key.")]
    [Length(1, 128)]
    public required string Key { get; init; }

    [Description("The tag value.")]
    [Length(0, 256)]
    public string? Value { get; init; }
}
