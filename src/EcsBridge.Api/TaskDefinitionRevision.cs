using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("One recorded revision of a task definition family.")]
public sealed record TaskDefinitionRevision
{
    [Description("The revision number.")]
    [Minimum(1)]
    public required int Revision { get; init; }

    [Description("A hash of the spec of this revision.")]
    public string? Hash { get; init; }

    [Description("The name of the ControllerRevision holding the spec of this revision.")]
    public string? ControllerRevision { get; init; }

    [Description("When the revision was recorded.")]
    public DateTimeOffset? CreatedAt { get; init; }
}
