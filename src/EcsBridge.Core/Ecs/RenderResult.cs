using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Ecs;

/// <summary>What <see cref="EcsRenderer.Render"/> produced, in input order, and what to tell the user.</summary>
public sealed record RenderResult
{
    /// <summary>The task definition revision each service runs, as the ControllerRevision the operator records
    /// (one per family and revision, before the services' children in apply order).</summary>
    public IReadOnlyList<ControllerRevision> Revisions { get; init; } = [];

    public required IReadOnlyList<RenderedService> Services { get; init; }

    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
}
