namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record SecretKeySelector
{
    public required string Name { get; init; }

    public required string Key { get; init; }

    public bool? Optional { get; init; }
}
