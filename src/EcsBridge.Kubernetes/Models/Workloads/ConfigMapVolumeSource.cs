namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ConfigMapVolumeSource
{
    public required string Name { get; init; }

    public bool? Optional { get; init; }
}
