namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record HostPathVolumeSource
{
    public required string Path { get; init; }

    public string? Type { get; init; }
}
