namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record VolumeMount
{
    public required string Name { get; init; }

    public bool? ReadOnly { get; init; }

    public required string MountPath { get; init; }
}
