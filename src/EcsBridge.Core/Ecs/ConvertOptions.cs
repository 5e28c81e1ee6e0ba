namespace EcsBridge.Core.Ecs;

/// <summary>Options of <see cref="EcsConverter.Convert"/>.</summary>
public sealed record ConvertOptions
{
    /// <summary>metadata.namespace of every object; null leaves it unset (kubectl's current namespace applies).</summary>
    public string? Namespace { get; init; }
}
