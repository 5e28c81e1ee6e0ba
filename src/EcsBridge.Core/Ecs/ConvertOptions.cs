namespace EcsBridge.Core.Ecs;

/// <summary>Options of <see cref="EcsConverter.Convert"/>.</summary>
public sealed record ConvertOptions
{
    /// <summary>metadata.namespace of every object; null leaves it unset (kubectl's current namespace applies).</summary>
    public string? Namespace { get; init; }

    /// <summary>The clock of update-service's forceNewDeployment: its time becomes the service's forceNewDeploymentToken.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
