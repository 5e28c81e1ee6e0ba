namespace EcsBridge.Core.Ecs;

/// <summary>What <see cref="EcsRenderer.Render"/> produced, in input order, and what to tell the user.</summary>
public sealed record RenderResult
{
    public required IReadOnlyList<RenderedService> Services { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
}
