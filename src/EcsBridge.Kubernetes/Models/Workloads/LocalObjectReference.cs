namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record LocalObjectReference
{
    public required string Name { get; init; }
}
