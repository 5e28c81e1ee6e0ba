using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A task placement constraint (memberOf with an ECS cluster query expression).")]
public sealed record TaskPlacementConstraint
{
    [Description("Only memberOf for task definitions.")]
    [Enum("memberOf")]
    public string? Type { get; init; }

    [Description("A cluster query language expression; simple attribute:ecs.... == value forms map to node labels, the rest is reported.")]
    [Length(0, 2000)]
    public string? Expression { get; init; }
}
