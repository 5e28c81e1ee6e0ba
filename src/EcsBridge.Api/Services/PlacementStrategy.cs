using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A task placement strategy.")]
public sealed record PlacementStrategy
{
    [Description("spread becomes a topology spread constraint; binpack and random are reported.")]
    [Enum("random", "spread", "binpack")]
    public string? Type { get; init; }

    [Description("spread: instanceId, host or attribute:ecs.availability-zone; binpack: cpu or memory.")]
    public string? Field { get; init; }
}
