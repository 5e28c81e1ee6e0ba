namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record Affinity
{
    public NodeAffinity? NodeAffinity { get; init; }

    public PodAntiAffinity? PodAntiAffinity { get; init; }
}
