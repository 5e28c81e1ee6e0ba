namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record PodAffinityTerm
{
    public LabelSelector? LabelSelector { get; init; }

    public required string TopologyKey { get; init; }
}
