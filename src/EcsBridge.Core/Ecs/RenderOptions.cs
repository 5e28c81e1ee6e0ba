using EcsBridge.Core.Build;

namespace EcsBridge.Core.Ecs;

/// <summary>Options of <see cref="EcsRenderer.Render"/>.</summary>
public sealed record RenderOptions
{
    /// <summary>metadata.namespace of the input objects (and so of their children); null keeps what the input says.</summary>
    public string? Namespace { get; init; }

    /// <summary>The cluster's abilities (HPA version, native sidecars). No owner: render has no cluster, so no uid.</summary>
    public BuildOptions Build { get; init; } = BuildOptions.Default;
}
