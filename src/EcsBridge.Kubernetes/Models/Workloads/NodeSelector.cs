namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>The node-affinity selector (terms are ORed); not to be confused with <see cref="PodSpec.NodeSelector"/>.</summary>
public sealed record NodeSelector
{
    public required IReadOnlyList<NodeSelectorTerm> NodeSelectorTerms { get; init; }
}
