namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record NodeSelectorTerm
{
    public IReadOnlyList<NodeSelectorRequirement>? MatchExpressions { get; init; }
}
