using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A service placement constraint.")]
public sealed record PlacementConstraint
{
    [Description("distinctInstance: one task per node (required pod anti-affinity); memberOf: a cluster query expression (reported unless it maps to a node label).")]
    [Enum("distinctInstance", "memberOf")]
    public string? Type { get; init; }

    [Description("The cluster query expression of memberOf.")]
    [Length(0, 2000)]
    public string? Expression { get; init; }
}
