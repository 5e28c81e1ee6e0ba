namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record Capabilities
{
    public IReadOnlyList<string>? Add { get; init; }

    public IReadOnlyList<string>? Drop { get; init; }
}
