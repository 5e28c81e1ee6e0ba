using EcsBridge.Api;

namespace EcsBridge.Core.Ecs;

/// <summary>What <see cref="EcsConverter.Convert"/> produced: the objects in input order, and everything worth
/// telling the user (each field that will not be honoured, each renamed object, each ignored item).</summary>
public sealed record ConversionResult
{
    /// <summary>Each object is an <see cref="EcsTaskDefinition"/> or an <see cref="EcsService"/>.</summary>
    public required IReadOnlyList<object> Objects { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }

    public IEnumerable<EcsTaskDefinition> TaskDefinitions => Objects.OfType<EcsTaskDefinition>();

    public IEnumerable<EcsService> Services => Objects.OfType<EcsService>();
}
