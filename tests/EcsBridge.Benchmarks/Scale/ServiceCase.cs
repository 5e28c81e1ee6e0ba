using System.Text.Json.Nodes;
using EcsBridge.Api;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>One EcsService of a scenario with its own task definition: the bodies a user applies and the typed
/// objects the builder renders from.</summary>
internal sealed record ServiceCase
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The EcsTaskDefinition's name (the family).</summary>
    public required string Family { get; init; }

    public required bool Autoscaled { get; init; }

    public required JsonObject TaskDefinitionBody { get; init; }

    public required JsonObject ServiceBody { get; init; }

    public required EcsService Service { get; init; }

    public required EcsTaskDefinitionSpec TaskDefinitionSpec { get; init; }
}
