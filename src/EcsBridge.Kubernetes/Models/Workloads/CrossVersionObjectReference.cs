namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record CrossVersionObjectReference
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public string? ApiVersion { get; init; }
}
